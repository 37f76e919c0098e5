// Accounts: agents, coordinators, admins and employees.
import { z } from 'zod';
import { AppError, conflict, isUniqueViolation, notFound } from '../errors.js';
import { roles, settableStatuses, userStatuses, type Role, type UserStatus } from '../store/schema.js';
import type { Db } from '../store/db.js';
import { parseInput } from '../validate.js';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: UserStatus;
}

const email = z.email().transform((value) => value.toLowerCase());
const newUser = z.object({
  email,
  name: z.string().trim().min(1).max(200),
  role: z.enum(roles),
  status: z.enum(userStatuses).default('active'),
});

/** A User's columns, also for queries elsewhere that read an account with something else. */
export const USER_COLUMNS = ['id', 'email', 'name', 'role', 'status'] as const;

export async function createUser(db: Db, input: z.input<typeof newUser>): Promise<User> {
  const values = parseInput(newUser, input);
  try {
    return await db.insertInto('users').values(values).returning(USER_COLUMNS).executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error))
      throw conflict(`A user with email ${values.email} already exists`, { email: values.email });
    throw error;
  }
}

export async function findUserByEmail(db: Db, address: string): Promise<User | undefined> {
  return db
    .selectFrom('users')
    .select(USER_COLUMNS)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', address.toLowerCase()))
    .executeTakeFirst();
}

export async function getUserByEmail(db: Db, address: string): Promise<User> {
  const user = await findUserByEmail(db, address);
  if (!user) throw notFound('User', address);
  return user;
}

export async function listUsers(db: Db, filter: { role?: Role } = {}): Promise<User[]> {
  let query = db.selectFrom('users').select(USER_COLUMNS).orderBy('email');
  if (filter.role) query = query.where('role', '=', filter.role);
  return query.execute();
}

export async function setUserStatus(db: Db, address: string, status: string): Promise<User> {
  const parsed = parseInput(z.enum(settableStatuses), status);
  const user = await db
    .updateTable('users')
    .set({ status: parsed, updated_at: new Date() })
    .where((eb) => eb(eb.fn('lower', ['email']), '=', address.toLowerCase()))
    .returning(USER_COLUMNS)
    .executeTakeFirst();
  if (!user) throw notFound('User', address);
  return user;
}

export function assertRole(user: User, allowed: readonly Role[]): void {
  if (!allowed.includes(user.role)) {
    throw new AppError('BAD_USER_INPUT', `${user.email} is ${user.role}; expected ${allowed.join(' or ')}`);
  }
}

/** The people with these ids that exist, in no particular order. */
export async function getUsers(db: Db, ids: string[]): Promise<User[]> {
  return ids.length === 0 ? [] : db.selectFrom('users').select(USER_COLUMNS).where('id', 'in', ids).execute();
}

export async function getUser(db: Db, id: string): Promise<User> {
  const user = await db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!user) throw notFound('User', id);
  return user;
}
