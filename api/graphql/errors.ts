// What a GraphQL client sees of a failure: `extensions.code` from the one set of codes
// (platform/errors.ts), the engine's `reason`, the paths of bad input in `fields`. Postgres going away is UNAVAILABLE, like any other outage: a
// create that went through is found again by its idempotency key. Anything unexpected is masked
// (logged, never shown).
import { GraphQLError } from 'graphql';
import { AppError, type ErrorCode } from '../../platform/errors.js';
import { isDatabaseOutage } from '../../platform/store/outage.js';

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
    ...(Array.isArray(fields) && { fields: fieldPaths(fields) }),
    ...(typeof error.details.updateId === 'string' && { updateId: error.details.updateId }),
    ...(typeof error.details.retryAfterSeconds === 'number' && { retryAfterSeconds: error.details.retryAfterSeconds }),
  });
}

function fieldPaths(fields: unknown[]): string[] {
  return fields.flatMap((f) => {
    if (typeof f === 'string') return [f.split(':')[0]!];
    if (typeof f === 'object' && f !== null && 'path' in f && typeof f.path === 'string' && f.path) return [f.path];
    return [];
  });
}
