// Who is asking: a person with an access token (`Authorization: Bearer <jwt>`), an external system with
// an API key (`Authorization: Bearer tfk_…`), or nobody. Resolvers ask for what they need.
import type { Person } from '../../workflows/ticket/model.js';
import type { TicketCaller } from '../../platform/tickets/service.js';
import { AppError } from '../../platform/errors.js';
import type { Db } from '../../platform/store/db.js';
import { authenticateApiKey, looksLikeApiKey, type ApiKey } from '../auth/api-keys.js';
import { assertMaySignIn } from '../people/accounts.js';
import type { User } from '../../platform/people/users.js';
import { accountAndSignIn, verifyAccessToken, type TokenSettings } from '../auth/tokens.js';

export type Viewer =
  | { kind: 'anonymous' }
  /** `sessionId`: the sign-in the access token belongs to (tokens issued before sign-ins had ids have none). */
  | { kind: 'person'; user: User; sessionId?: string }
  | { kind: 'system'; key: ApiKey };

export async function viewerOf(db: Db, tokens: TokenSettings, authorization: string | null): Promise<Viewer> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) return { kind: 'anonymous' };
  if (looksLikeApiKey(match[1]!)) return { kind: 'system', key: await authenticateApiKey(db, match[1]!) };
  const claims = await verifyAccessToken(tokens, match[1]!);
  const user = await currentSignIn(db, claims.userId, claims.sessionId);
  return { kind: 'person', user, ...(claims.sessionId && { sessionId: claims.sessionId }) };
}

/**
 * The account as it is now, if its sign-in still stands: a deactivated person's token, or one whose
 * sign-in was ended (logout, a reused refresh token), stops working at once.
 */
export async function currentSignIn(db: Db, userId: string, sessionId: string | undefined): Promise<User> {
  // Only an account that is gone makes the token invalid: a database that does not answer (an outage,
  // a restart) says nothing about the token, and a client told to sign in again would drop a good one.
  const found = await accountAndSignIn(db, userId, sessionId).catch((error: unknown) =>
    Promise.reject(unavailable(error)),
  );
  if (!found) throw new AppError('UNAUTHENTICATED', 'the access token is not valid', { reason: 'TOKEN_INVALID' });
  assertMaySignIn(found.user);
  if (!found.signedIn)
    throw new AppError('UNAUTHENTICATED', 'this sign-in has ended: sign in again', { reason: 'SIGNED_OUT' });
  return found.user;
}

/** The sign-in could not be checked: UNAVAILABLE, which clients answer by trying again. */
function unavailable(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('UNAVAILABLE', 'the sign-in could not be checked just now: try again', {
    reason: 'ACCOUNT_CHECK_FAILED',
  });
}

/** A person signed in. A system is known but may not act as a person: FORBIDDEN rather than "sign in". */
export function requirePerson(viewer: Viewer): User {
  if (viewer.kind === 'system')
    throw new AppError('FORBIDDEN', 'only people do this, not API keys', { reason: 'PEOPLE_ONLY' });
  if (viewer.kind !== 'person') throw new AppError('UNAUTHENTICATED', 'sign in first', { reason: 'NO_TOKEN' });
  return viewer.user;
}

/** The person for reading: what they may see is decided in SQL (platform/tickets/queries.ts). */
export const asPerson = (user: User): Person => ({ userId: user.id, role: user.role });

/** The viewer as the reader of tickets, one object per request (the ticket service remembers what it
 * found out about a reader on it, e.g. whether they work a group, for the request's other tickets);
 * null for a system, which reads every field. */
const readers = new WeakMap<Viewer, Person>();
export function readerOf(viewer: Viewer): Person | null {
  if (viewer.kind !== 'person') return null;
  let person = readers.get(viewer);
  if (!person) readers.set(viewer, (person = asPerson(viewer.user)));
  return person;
}

/** Who the ticket service checks (platform/tickets/access.ts): a signed-in person, or an API key's system. */
export function ticketCaller(viewer: Viewer): TicketCaller {
  if (viewer.kind === 'system') return { kind: 'system', key: viewer.key };
  return { kind: 'person', person: asPerson(requirePerson(viewer)) };
}
