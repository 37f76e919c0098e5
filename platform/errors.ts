// Typed errors, one set of codes for every entry point: the GraphQL API shows `code` as
// `extensions.code`, the CLI turns it into an exit code, the web app into words. `code` is stable and
// machine-readable, `details.reason` says which rule refused, and the message is for people.
/**
 * UNAUTHENTICATED: sign in (again). FORBIDDEN: not this caller, whichever the target. NOT_FOUND (or not
 * yours to see). BAD_USER_INPUT: the input itself is wrong (details.problems). INVALID_TRANSITION: the
 * process does not allow it now. CONFLICT: a concurrent change or a duplicate; re-read and retry.
 * RATE_LIMITED: wait (details.retryAfterSeconds). UNAVAILABLE: an outage; try again (safe with a key).
 */
export const errorCodes = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'INVALID_TRANSITION',
  'CONFLICT',
  'RATE_LIMITED',
  'UNAVAILABLE',
] as const;
export type ErrorCode = (typeof errorCodes)[number];
export const isErrorCode = (code: unknown): code is ErrorCode => errorCodes.includes(code as ErrorCode);

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

/** The engine's refusals (workflows/ticket/checks.ts) by what the caller should do about them. */
const codeOfRefusal: Record<string, ErrorCode> = {
  UNKNOWN_TRANSITION: 'INVALID_TRANSITION',
  NOT_FROM_STATE: 'INVALID_TRANSITION',
  TICKET_CLOSED: 'INVALID_TRANSITION',
  SIGNAL_NOT_APPLICABLE: 'INVALID_TRANSITION',
  NOT_ALLOWED: 'FORBIDDEN',
  SYSTEM_ONLY: 'FORBIDDEN',
  REQUIRED_FIELD_MISSING: 'BAD_USER_INPUT',
  INVALID_FIELD: 'BAD_USER_INPUT',
  INVALID_PAYLOAD: 'BAD_USER_INPUT',
  UNKNOWN_SIGNAL: 'BAD_USER_INPUT',
  STALE_VERSION: 'CONFLICT',
};

/** A change the ticket's process refused: `details.reason` is the engine's reason, `code` follows from it. */
export class RefusedError extends AppError {
  constructor(reason: string, message: string, details: Record<string, unknown> = {}) {
    super(codeOfRefusal[reason] ?? 'INVALID_TRANSITION', message, { ...details, reason });
    this.name = 'RefusedError';
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
