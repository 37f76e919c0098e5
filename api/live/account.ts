// What keeps a live stream open: the account as it is now and the access token's expiry. A stream ends,
// with the error as its last event, when the person is deactivated, their sign-in ends or the token expires.
import { decodeJwt } from 'jose';
import { AppError } from '../../platform/errors.js';
import type { GraphQLContext } from '../graphql/context.js';
import { currentSignIn } from '../graphql/viewer.js';
import type { User } from '../../platform/people/users.js';

/**
 * The account as it is now, or why the stream must end: the token expired, the sign-in ended, or the
 * person may no longer sign in.
 */
export async function currentAccount(ctx: GraphQLContext, userId: string, expiresAt: number): Promise<User | AppError> {
  if (Date.now() >= expiresAt)
    return new AppError('UNAUTHENTICATED', 'the access token expired: renew it and resume', {
      reason: 'TOKEN_EXPIRED',
    });
  try {
    return await currentSignIn(ctx.db, userId, ctx.viewer.kind === 'person' ? ctx.viewer.sessionId : undefined);
  } catch (error) {
    if (error instanceof AppError) return new AppError('UNAUTHENTICATED', error.message, error.details);
    throw error;
  }
}

/** When the request's access token expires (it was verified when the context was made). */
export function tokenExpiry(ctx: GraphQLContext): number {
  const token = /^Bearer\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? '')?.[1];
  const exp = token ? decodeJwt(token).exp : undefined;
  return exp === undefined ? Number.POSITIVE_INFINITY : exp * 1000;
}
