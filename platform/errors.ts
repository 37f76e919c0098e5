// Typed errors the API, the CLI and (later) GraphQL turn into clear messages. `code` is stable and
// machine-readable; the message is for people.
/** VALIDATION: bad input. NOT_FOUND. CONFLICT: a concurrent change or a duplicate. REFUSED: the process
 * does not allow it (details.reason says why, e.g. NOT_FROM_STATE). */
export type ErrorCode =
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'REFUSED'
  | 'UNAVAILABLE'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string, id: string) =>
  new AppError('NOT_FOUND', `${what} "${id}" does not exist`, { what, id });
export const conflict = (message: string, details: Record<string, unknown> = {}) =>
  new AppError('CONFLICT', message, details);

/** Postgres unique_violation (23505), to turn races into CONFLICT errors. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}
