// Input problems in people's words: a zod issue or a text-rule problem turned into a sentence that names
// the input by its label ("Title is required", "Requester's email is not an email address"), never the
// validator's own text. Forms that show problems beside their fields (a ticket's creation) parse with it.
import type { z } from 'zod';
import { shown } from '../workflows/ticket/words.js';
import { formatPath, unstorableText } from './text.js';
import type { InputProblem } from './validate.js';

/** What a person calls each input by its path; a path not listed is named by its last part (cut as
 * refusals cut names: it is what was sent, and may be of any length). */
export type Labels = Record<string, string>;

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'yes or no',
  object: 'a set of values',
  array: 'a list',
};

function labelOf(labels: Labels, path: string): string {
  if (labels[path]) return labels[path];
  const last =
    path
      .split(/[.[\]]/)
      .filter(Boolean)
      .at(-1) ?? 'The input';
  return shown(last.charAt(0).toUpperCase() + last.slice(1));
}

/** One zod issue as a sentence about the input it names. */
export function issueWords(issue: z.core.$ZodIssue, label: string): string {
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined|received null/.test(issue.message)
        ? `${label} is required`
        : `${label} is not ${TYPE_WORDS[issue.expected] ?? 'valid'}`;
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? `${label} is required`
          : `${label} needs at least ${issue.minimum} characters`;
      return `${label} must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `${label} is longer than ${issue.maximum} characters`;
      if (issue.origin === 'array') return `${label} has more than ${issue.maximum} items`;
      return `${label} must be at most ${issue.maximum}`;
    case 'invalid_format':
      if (issue.format === 'email') return `${label} is not an email address`;
      if (issue.format === 'uuid') return `${label} is not a known id`;
      return custom(issue.message, label) ?? `${label} is not valid`;
    case 'invalid_value':
      return `${label}: choose one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      return `${label} is not valid`;
    default:
      return custom(issue.message, label) ?? `${label} is not valid`;
  }
}

/** A schema's own message ("must be a process key", "expected an object") after the label. */
function custom(message: string, label: string): string | undefined {
  if (message.startsWith('must ')) return `${label} ${message}`;
  if (message.startsWith('expected ')) return `${label} is not ${message.slice('expected '.length)}`;
  return undefined;
}

/** Every problem of an input, in words: the text rule's and the schema's, by path, or the parsed value. */
export function wordedProblems<S extends z.ZodType>(
  schema: S,
  input: unknown,
  labels: Labels,
): { data: z.infer<S>; problems: [] } | { data?: undefined; problems: InputProblem[] } {
  const text = unstorableText(input).map((p) => ({
    path: p.path,
    message: `${labelOf(labels, p.path)} ${p.message}`,
  }));
  const result = schema.safeParse(input);
  if (result.success && text.length === 0) return { data: result.data, problems: [] };
  const shape = result.success ? [] : result.error.issues;
  const worded = shape.map((issue) => {
    const path = formatPath(issue.path);
    return { path, message: issueWords(issue, labelOf(labels, path)) };
  });
  return { problems: [...text, ...worded] };
}
