// What a GraphQL client sees of a failure: `extensions.code` from the one set of
// codes (platform/errors.ts), the engine's `reason`,
// the paths of bad input in `fields` and, beside them, each problem with its own message in `problems`
// (`[{ path, message }]`, passed through as the service and the engine made them), so that a client
// shows a message by its field without reading the error's text. Postgres going away is UNAVAILABLE, like any other outage: a create that went through is found
// again by its idempotency key. Anything unexpected is masked (logged, never shown).
import { GraphQLError } from 'graphql';
import { AppError, type ErrorCode } from '../../platform/errors.js';
import { isDatabaseOutage } from '../../platform/store/outage.js';

/** One problem of bad input: its path as the resolvers name their input (`title`, `fields.note`,
 * `states[0].label`; '' for the input as a whole) and what is wrong there, in the API's words. */
export interface InputProblem {
  path: string;
  message: string;
}

export function graphQLError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

/**
 * An AppError as GraphQL shows it, and an error of Postgres not answering (SQLSTATE 57P01, a connection
 * ended, refused…) as UNAVAILABLE; other errors are left for the masking to hide.
 */
export function fromAppError(error: unknown): unknown {
  if (!(error instanceof AppError)) {
    if (!isDatabaseOutage(error)) return error;
    return graphQLError('UNAVAILABLE', 'the database did not answer just now: try again', {
      reason: 'DATABASE_UNAVAILABLE',
    });
  }
  const reason = typeof error.details.reason === 'string' ? error.details.reason : undefined;
  const { code } = error;
  const fields = error.details.fields ?? error.details.problems;
  return graphQLError(code, error.message, {
    ...(reason && { reason }),
    ...(Array.isArray(fields) && { fields: fieldPaths(fields), problems: problemsOf(error) }),
    ...(typeof error.details.updateId === 'string' && { updateId: error.details.updateId }),
    // A macro's refusal names the refused part: reply, fields, priority or transition.
    ...(typeof error.details.part === 'string' && { part: error.details.part }),
    ...(typeof error.details.retryAfterSeconds === 'number' && { retryAfterSeconds: error.details.retryAfterSeconds }),
  });
}

function fieldPaths(fields: unknown[]): string[] {
  return fields.flatMap((f) => {
    if (typeof f === 'string') return [f];
    if (typeof f === 'object' && f !== null && 'path' in f && typeof f.path === 'string' && f.path) return [f.path];
    return [];
  });
}

/**
 * Every problem an error's details list, each with its message: `details.problems` as made by
 * invalidInput and by the engine's checks (`{ path, message }`, the message naming the field by its
 * label), then each path of `details.fields` that none of them names, with the error's own message.
 */
function problemsOf(error: AppError): InputProblem[] {
  const listed = Array.isArray(error.details.problems) ? error.details.problems.flatMap(problemOf) : [];
  const named = new Set(listed.map((p) => p.path));
  const paths = Array.isArray(error.details.fields) ? error.details.fields : [];
  const rest = paths
    .filter((path): path is string => typeof path === 'string' && !named.has(path))
    .map((path) => ({ path, message: error.message }));
  return [...listed, ...rest];
}

function problemOf(problem: unknown): InputProblem[] {
  if (typeof problem !== 'object' || problem === null) return [];
  const { path, message } = problem as { path?: unknown; message?: unknown };
  return typeof path === 'string' && typeof message === 'string' ? [{ path, message }] : [];
}
