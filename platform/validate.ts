// Input at the boundary: parsed with a zod schema and checked by the text rule (platform/text.ts) on
// every string, and refused as one BAD_USER_INPUT error listing every problem of both with its path.
import { z } from 'zod';
import { AppError } from './errors.js';
import { formatPath, unstorableText } from './text.js';

export interface InputProblem {
  path: string;
  message: string;
}

/** Lists of problems stop here, ending in "and K more": a huge input must not make a huge message. */
export const MAX_LISTED_PROBLEMS = 100;

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const badText = unstorableText(input);
  const result = schema.safeParse(input);
  if (result.success && badText.length === 0) return result.data;
  const shape = result.success ? [] : result.error.issues;
  throw invalidInput([...badText, ...shape.map((issue) => ({ path: formatPath(issue.path), message: issue.message }))]);
}

/** A path as a message shows it: a key of megabytes must not come back whole. */
const MAX_PATH = 120;
const shortPath = (path: string) => (path.length > MAX_PATH ? `${path.slice(0, MAX_PATH)}…` : path);

/** One BAD_USER_INPUT error for a list of problems: `details.problems` each with its path and message,
 * `details.fields` the paths (GraphQL answers both: extensions.problems, extensions.fields). */
export function invalidInput(all: InputProblem[], what = 'Invalid input'): AppError {
  const problems = all.map((p) => ({ path: shortPath(p.path), message: p.message }));
  const listed = listProblems(problems);
  return new AppError(
    'BAD_USER_INPUT',
    `${what}: ${listed.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ')}`,
    {
      problems: listed,
      fields: [...new Set(problems.map((p) => p.path).filter(Boolean))].slice(0, MAX_LISTED_PROBLEMS),
    },
  );
}

/** One BAD_USER_INPUT error for problems whose messages are sentences naming their input (by label): the
 * error's message is those sentences, `details` as invalidInput's. */
export function invalidProblems(all: InputProblem[]): AppError {
  const problems = listProblems(all.map((p) => ({ path: shortPath(p.path), message: p.message })));
  return new AppError('BAD_USER_INPUT', problems.map((p) => p.message).join('; '), {
    problems,
    fields: [...new Set(problems.map((p) => p.path).filter(Boolean))],
  });
}

/** The first MAX_LISTED_PROBLEMS problems, then one "and K more". */
export function listProblems<P extends InputProblem>(problems: P[]): InputProblem[] {
  if (problems.length <= MAX_LISTED_PROBLEMS) return problems;
  return [
    ...problems.slice(0, MAX_LISTED_PROBLEMS),
    { path: '', message: `and ${problems.length - MAX_LISTED_PROBLEMS} more` },
  ];
}

/** A JSON object taken as it is. Unlike z.record it keeps every key, `__proto__` included, so that
 * unknown keys are refused rather than dropped without a word. */
export const plainObject = z.custom<Record<string, unknown>>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    [Object.prototype, null].includes(Object.getPrototypeOf(value)),
  'expected an object',
);

/** Text a person typed: trimmed, then non-empty and at most `max` characters. */
export const text = (max: number) => z.string().trim().min(1).max(max);
