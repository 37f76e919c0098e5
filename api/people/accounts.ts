// Accounts of people: registration (an employee waits for an admin's approval), sign-in by password,
// approval and rejection. Admin decisions go to the audit log.
import { z } from 'zod';
import { AppError, notFound } from '../../platform/errors.js';
import type { Db } from '../../platform/store/db.js';
import { parseInput, text } from '../../platform/validate.js';
import { hashPassword, MAX_PASSWORD, MIN_PASSWORD, verifyPassword } from '../auth/passwords.js';
import { revokeAllSignIns } from '../auth/tokens.js';
import { createUser, getUser, type User } from '../../platform/people/users.js';

const password = z
  .string()
  .min(MIN_PASSWORD, `must be at least ${MIN_PASSWORD} characters`)
  .max(MAX_PASSWORD, `must be at most ${MAX_PASSWORD} characters`);
const registration = z.object({ email: z.email().max(320), name: text(200), password });

const columns = ['id', 'email', 'name', 'role', 'status'] as const;

/** A new employee account, pending until an admin approves it. */
export async function register(db: Db, raw: unknown): Promise<User> {
  const input = parseInput(registration, raw);
  const user = await createUser(db, { email: input.email, name: input.name, role: 'EMPLOYEE', status: 'pending' });
  await db
    .updateTable('users')
    .set({ password_hash: await hashPassword(input.password) })
    .where('id', '=', user.id)
    .execute();
  return user;
}

/** Sets a person's password (the operator's way to make the first admin able to sign in). */
export async function setPassword(db: Db, email: string, raw: unknown): Promise<User> {
  const pass = parseInput(password, raw);
  const user = await db
    .updateTable('users')
    .set({ password_hash: await hashPassword(pass), updated_at: new Date() })
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
    .returning(columns)
    .executeTakeFirst();
  if (!user) throw notFound('User', email);
  return user;
}

/** The person behind an email and password, if they may sign in now. */
export async function signIn(db: Db, email: string, pass: string): Promise<User> {
  const found = await db
    .selectFrom('users')
    .select([...columns, 'password_hash'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
    .executeTakeFirst();
  const ok = await verifyPassword(found?.password_hash, pass);
  if (!found || !ok) throw new AppError('UNAUTHENTICATED', 'wrong email or password', { reason: 'BAD_CREDENTIALS' });
  // The password was right: saying why the account cannot sign in tells nothing to a stranger.
  assertMaySignIn(found);
  return { id: found.id, email: found.email, name: found.name, role: found.role, status: found.status };
}

export function assertMaySignIn(user: Pick<User, 'status'>): void {
  if (user.status === 'pending')
    throw new AppError('UNAUTHENTICATED', 'the account waits for an admin to approve it', {
      reason: 'ACCOUNT_PENDING',
    });
  if (user.status === 'inactive' || user.status === 'rejected')
    throw new AppError('UNAUTHENTICATED', 'the account is not active', { reason: 'ACCOUNT_INACTIVE' });
}

/** An admin's decision on a registration. */
export async function decideRegistration(db: Db, adminId: string, userId: string, approve: boolean): Promise<User> {
  parseInput(z.uuid(), userId);
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .updateTable('users')
      .set({ status: approve ? 'active' : 'rejected', updated_at: new Date() })
      .where('id', '=', userId)
      .where('status', '=', 'pending')
      .returning(columns)
      .executeTakeFirst();
    if (!user) {
      await getUser(trx, userId); // NOT_FOUND when there is no such user
      throw new AppError('CONFLICT', 'the account is not waiting for approval', { reason: 'NOT_PENDING' });
    }
    if (!approve) await revokeAllSignIns(trx, userId);
    await trx
      .insertInto('audit_log')
      .values({
        actor: adminId,
        action: approve ? 'user.approved' : 'user.rejected',
        subject: `user:${userId}`,
        details: JSON.stringify({ email: user.email }),
      })
      .execute();
    return user;
  });
}
