// Who is asking: a person with an access token (`Authorization: Bearer <jwt>`), an external system with
// an API key (`Authorization: Bearer tfk_…`), or nobody. Resolvers ask for what they need.
import type { Person } from '../../workflows/ticket/model.js';
import { AppError } from '../../platform/errors.js';
import type { Db } from '../../platform/store/db.js';
import { authenticateApiKey, looksLikeApiKey, type ApiKey } from '../auth/api-keys.js';
import { isStaffRole } from '../../workflows/process/vocabulary.js';
import { assertMaySignIn, getUser } from '../people/accounts.js';
import { groupKeysOf } from '../people/groups.js';
import type { User } from '../people/users.js';
import { verifyAccessToken, type TokenSettings } from '../auth/tokens.js';

export type Viewer = { kind: 'anonymous' } | { kind: 'person'; user: User } | { kind: 'system'; key: ApiKey };

export async function viewerOf(db: Db, tokens: TokenSettings, authorization: string | null): Promise<Viewer> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) return { kind: 'anonymous' };
  if (looksLikeApiKey(match[1]!)) return { kind: 'system', key: await authenticateApiKey(db, match[1]!) };
  const claims = await verifyAccessToken(tokens, match[1]!);
  // The account as it is now: a deactivated person's token stops working at once.
  const user = await getUser(db, claims.userId).catch(() => {
    throw new AppError('UNAUTHENTICATED', 'the access token is not valid', { reason: 'TOKEN_INVALID' });
  });
  assertMaySignIn(user);
  return { kind: 'person', user };
}

/** A person signed in. A system is known but may not act as a person: FORBIDDEN rather than "sign in". */
export function requirePerson(viewer: Viewer): User {
  if (viewer.kind === 'system')
    throw new AppError('FORBIDDEN', 'only people do this, not API keys', { reason: 'PEOPLE_ONLY' });
  if (viewer.kind !== 'person') throw new AppError('UNAUTHENTICATED', 'sign in first', { reason: 'NO_TOKEN' });
  return viewer.user;
}

export function requireAdmin(viewer: Viewer): User {
  const user = requirePerson(viewer);
  if (user.role !== 'ADMIN') throw new AppError('FORBIDDEN', 'only admins do this', { reason: 'ADMIN_ONLY' });
  return user;
}

/** The person for reading: what they may see is decided in SQL (api/tickets/queries.ts). */
export const asPerson = (user: User): Person => ({ userId: user.id, role: user.role });

/** The person for changing a ticket: with the groups they work in, which the ticket engine checks
 * against the ticket's group (employees work in none). */
export async function asActor(db: Db, user: User): Promise<Person> {
  return { ...asPerson(user), groups: isStaffRole(user.role) ? await groupKeysOf(db, user.id) : [] };
}
