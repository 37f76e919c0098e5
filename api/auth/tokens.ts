// Access tokens: short-lived JWTs (HS256) naming the person and their role. Refresh tokens: random,
// stored hashed, rotated on every use; a rotated token presented again revokes its whole family.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { AppError } from '../../platform/errors.js';
import type { Db } from '../../platform/store/db.js';
import type { Role } from '../../platform/store/schema.js';
import { USER_COLUMNS, type User } from '../../platform/people/users.js';

export interface AccessClaims {
  userId: string;
  role: Role;
  /** The sign-in (refresh token family) the token was issued for: a logout ends the token with it. */
  sessionId?: string;
}

export interface TokenSettings {
  secret: Uint8Array;
  accessTtlSeconds: number;
  refreshTtlDays: number;
}

const ISSUER = 'ticketflow';

/** The secret as a key, imported once: handed raw bytes, jose imports them again for every token. */
const keys = new WeakMap<Uint8Array, Promise<CryptoKey>>();
function keyOf(secret: Uint8Array): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', new Uint8Array(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    keys.set(secret, key);
  }
  return key;
}

export async function signAccessToken(settings: TokenSettings, claims: AccessClaims): Promise<string> {
  return new SignJWT({ role: claims.role, ...(claims.sessionId && { sid: claims.sessionId }) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(`${settings.accessTtlSeconds}s`)
    .sign(await keyOf(settings.secret));
}

export async function verifyAccessToken(settings: TokenSettings, token: string): Promise<AccessClaims> {
  try {
    const { payload } = await jwtVerify(token, await keyOf(settings.secret), { issuer: ISSUER, algorithms: ['HS256'] });
    const sessionId = typeof payload.sid === 'string' ? payload.sid : undefined;
    return { userId: String(payload.sub), role: payload.role as Role, ...(sessionId && { sessionId }) };
  } catch (error) {
    const expired = error instanceof errors.JWTExpired;
    throw new AppError(
      'UNAUTHENTICATED',
      expired ? 'the access token expired: renew it' : 'the access token is not valid',
      {
        reason: expired ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID',
      },
    );
  }
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new sign-in: the first refresh token of a new family (the family is the sign-in's id). */
export async function issueRefreshToken(
  db: Db,
  settings: TokenSettings,
  userId: string,
  familyId: string = randomUUID(),
): Promise<{ token: string; familyId: string }> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('refresh_tokens')
    .values({
      user_id: userId,
      family_id: familyId,
      token_hash: digest(token),
      expires_at: new Date(Date.now() + settings.refreshTtlDays * 86_400_000),
    })
    .execute();
  return { token, familyId };
}

/**
 * Trades a refresh token for the next of its family and the user it belongs to. A token already
 * traded (a copy in someone else's hands) revokes the family: both holders must sign in again.
 */
export async function rotateRefreshToken(db: Db, settings: TokenSettings, token: string) {
  const rejected = new AppError('UNAUTHENTICATED', 'the sign-in has ended: sign in again', {
    reason: 'REFRESH_INVALID',
  });
  return db.transaction().execute(async (trx) => {
    const found = await trx
      .selectFrom('refresh_tokens')
      .selectAll()
      .where('token_hash', '=', digest(token))
      .forUpdate()
      .executeTakeFirst();
    if (!found || found.revoked_at || found.expires_at < new Date()) throw rejected;
    if (found.replaced_at) {
      await revokeFamily(trx, found.family_id);
      return { reused: true as const };
    }
    await trx.updateTable('refresh_tokens').set({ replaced_at: new Date() }).where('id', '=', found.id).execute();
    const next = await issueRefreshToken(trx, settings, found.user_id, found.family_id);
    return { reused: false as const, userId: found.user_id, ...next };
  });
}

/** Ends the sign-in the token belongs to (logout). */
export async function revokeRefreshToken(db: Db, token: string): Promise<void> {
  const found = await db
    .selectFrom('refresh_tokens')
    .select('family_id')
    .where('token_hash', '=', digest(token))
    .executeTakeFirst();
  if (found) await revokeFamily(db, found.family_id);
}

/** Ends the sign-in an access token names (logout without the refresh token at hand). */
export const revokeSession = (db: Db, familyId: string) => revokeFamily(db, familyId);

/**
 * The account, and whether its sign-in still stands (not logged out, not revoked: a reused token, a
 * deactivation), in one round trip: every request a person makes asks both. Undefined when the account
 * is gone. Without a sign-in id (tokens from before sign-ins had them) only the account is read.
 */
export async function accountAndSignIn(
  db: Db,
  userId: string,
  familyId: string | undefined,
): Promise<{ user: User; signedIn: boolean } | undefined> {
  const row = await db
    .selectFrom('users')
    .select(USER_COLUMNS)
    .select((eb) =>
      (familyId === undefined
        ? eb.lit(true)
        : eb.exists(
            eb
              .selectFrom('refresh_tokens')
              .select('id')
              .where('family_id', '=', familyId)
              .where('revoked_at', 'is', null),
          )
      ).as('signed_in'),
    )
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { signed_in: signedIn, ...user } = row;
  return { user, signedIn: Boolean(signedIn) };
}

export async function revokeAllSignIns(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('refresh_tokens')
    .set({ revoked_at: new Date() })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

async function revokeFamily(db: Db, familyId: string): Promise<void> {
  await db
    .updateTable('refresh_tokens')
    .set({ revoked_at: new Date() })
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .execute();
}
