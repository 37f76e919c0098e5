// Admin operations on people and groups: accounts, roles, statuses and memberships. Who may do what is
// decided here, next to the change, and every change is written to the audit log in its transaction.
import { z } from 'zod';
import { AppError, notFound } from '../../platform/errors.js';
import type { Db } from '../../platform/store/db.js';
import { roles, userStatuses } from '../../platform/store/schema.js';
import { parseInput, text } from '../../platform/validate.js';
import { isStaffRole } from '../../workflows/process/vocabulary.js';
import { hashPassword, MAX_PASSWORD, MIN_PASSWORD } from '../auth/passwords.js';
import { revokeAllSignIns } from '../auth/tokens.js';
import {
  createGroup as insertGroup,
  listMembers,
  type Group,
  type GroupWithMembers,
} from '../../platform/people/groups.js';
import { createUser as insertUser, type User } from '../../platform/people/users.js';
import { PAGE_LIMITS } from '../../platform/page-limits.js';

const columns = ['id', 'email', 'name', 'role', 'status'] as const;
/** The statuses an admin sets; pending and rejected belong to registration (approveUser, rejectUser). */
export const settableStatuses = ['active', 'away', 'inactive'] as const;

const newAccount = z.object({
  email: z.email().max(320),
  name: text(200),
  role: z.enum(roles),
  password: z.string().min(MIN_PASSWORD).max(MAX_PASSWORD).optional(),
});
const userId = z.uuid();
const peopleFilter = z.object({ role: z.enum(roles).optional(), status: z.enum(userStatuses).optional() });

async function audit(db: Db, actor: User, action: string, subject: string, details: Record<string, unknown>) {
  await db
    .insertInto('audit_log')
    .values({ actor: actor.id, action, subject, details: JSON.stringify(details) })
    .execute();
}

function forbid(message: string, reason: string): AppError {
  return new AppError('FORBIDDEN', message, { reason });
}

/** Admins see everyone; a coordinator sees the members of their own groups; nobody else lists people. */
export async function listPeople(db: Db, viewer: User, raw: { role?: string; status?: string }): Promise<User[]> {
  if (viewer.role !== 'ADMIN' && viewer.role !== 'COORDINATOR')
    throw forbid('only admins and coordinators list people', 'ADMIN_OR_COORDINATOR_ONLY');
  const filter = parseInput(peopleFilter, raw);
  let query = db.selectFrom('users').select(columns).orderBy('email');
  if (filter.role) query = query.where('role', '=', filter.role);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (viewer.role === 'COORDINATOR')
    query = query.where('id', 'in', (eb) =>
      eb
        .selectFrom('group_members as theirs')
        .innerJoin('group_members as mine', 'mine.group_id', 'theirs.group_id')
        .select('theirs.user_id')
        .where('mine.user_id', '=', viewer.id),
    );
  return query.execute();
}

/** An account an admin makes: active at once; without a password it signs in once one is set. */
export async function createAccount(db: Db, admin: User, raw: unknown): Promise<User> {
  const input = parseInput(newAccount, raw);
  const hash = input.password === undefined ? null : await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const user = await insertUser(trx, { email: input.email, name: input.name, role: input.role });
    if (hash) await trx.updateTable('users').set({ password_hash: hash }).where('id', '=', user.id).execute();
    await audit(trx, admin, 'user.created', `user:${user.id}`, { email: user.email, role: user.role });
    return user;
  });
}

async function lockUser(db: Db, id: string) {
  parseInput(userId, id);
  const user = await db.selectFrom('users').select(columns).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!user) throw notFound('User', id);
  return user;
}

/** A new role. An admin does not change their own (nobody would be left to undo it); someone who
 * becomes an employee leaves their groups, since employees do not work queues. */
export async function changeRole(db: Db, admin: User, id: string, rawRole: unknown): Promise<User> {
  const role = parseInput(z.enum(roles), rawRole);
  if (id === admin.id) throw forbid('admins do not change their own role', 'OWN_ACCOUNT');
  return db.transaction().execute(async (trx) => {
    const before = await lockUser(trx, id);
    if (before.role === role) return before;
    const user = await trx
      .updateTable('users')
      .set({ role, updated_at: new Date() })
      .where('id', '=', id)
      .returning(columns)
      .executeTakeFirstOrThrow();
    const left = isStaffRole(role)
      ? []
      : await trx
          .deleteFrom('group_members')
          .where('user_id', '=', id)
          .returning((eb) =>
            eb.selectFrom('groups').select('groups.key').whereRef('groups.id', '=', 'group_members.group_id').as('key'),
          )
          .execute();
    await audit(trx, admin, 'user.role_changed', `user:${id}`, {
      from: before.role,
      to: role,
      ...(left.length > 0 && { leftGroups: left.map((g) => g.key) }),
    });
    return user;
  });
}

/**
 * A new status. Admins set anyone's but their own to inactive; staff set their own to away or active
 * (away keeps round-robin from assigning them). Inactive ends every sign-in at once.
 */
export async function changeStatus(db: Db, actor: User, id: string, rawStatus: unknown): Promise<User> {
  const status = parseInput(z.enum(settableStatuses), rawStatus);
  const own = id === actor.id;
  if (actor.role !== 'ADMIN' && !(own && isStaffRole(actor.role) && status !== 'inactive'))
    throw forbid('only admins set statuses; staff set their own to away or active', 'ADMIN_ONLY');
  if (own && status === 'inactive') throw forbid('nobody deactivates their own account', 'OWN_ACCOUNT');
  return db.transaction().execute(async (trx) => {
    const before = await lockUser(trx, id);
    if (before.status === 'pending' || before.status === 'rejected')
      throw new AppError('CONFLICT', 'the registration is undecided or rejected: approve it instead', {
        reason: 'NOT_APPROVED',
      });
    if (before.status === status) return before;
    const user = await trx
      .updateTable('users')
      .set({ status, updated_at: new Date() })
      .where('id', '=', id)
      .returning(columns)
      .executeTakeFirstOrThrow();
    if (status === 'inactive') await revokeAllSignIns(trx, id);
    await audit(trx, actor, status === 'inactive' ? 'user.deactivated' : 'user.status_changed', `user:${id}`, {
      from: before.status,
      to: status,
    });
    return user;
  });
}

export async function createGroup(db: Db, admin: User, input: { key: string; name: string }): Promise<Group> {
  return db.transaction().execute(async (trx) => {
    const group = await insertGroup(trx, input);
    await audit(trx, admin, 'group.created', `group:${group.key}`, { name: group.name });
    return group;
  });
}

async function lockGroup(db: Db, key: string): Promise<Group> {
  const group = await db
    .selectFrom('groups')
    .select(['id', 'key', 'name'])
    .where('key', '=', key)
    .forUpdate()
    .executeTakeFirst();
  if (!group) throw notFound('Group', key);
  return group;
}

/** Only staff join groups: employees ask, they do not work queues. Joining twice changes nothing. */
export async function addGroupMember(db: Db, admin: User, groupKey: string, id: string): Promise<GroupWithMembers> {
  return db.transaction().execute(async (trx) => {
    const group = await lockGroup(trx, groupKey);
    const user = await lockUser(trx, id);
    if (!isStaffRole(user.role))
      throw new AppError('BAD_USER_INPUT', `${user.email} is ${user.role}: only staff join groups`, {
        fields: ['userId'],
      });
    const added = await trx
      .insertInto('group_members')
      .values({ group_id: group.id, user_id: id })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(added.numInsertedOrUpdatedRows ?? 0n) > 0)
      await audit(trx, admin, 'group.member_added', `group:${group.key}`, { userId: id, email: user.email });
    return { ...group, members: await listMembers(trx, group.id) };
  });
}

export async function removeGroupMember(db: Db, admin: User, groupKey: string, id: string): Promise<GroupWithMembers> {
  return db.transaction().execute(async (trx) => {
    const group = await lockGroup(trx, groupKey);
    const user = await lockUser(trx, id);
    const removed = await trx
      .deleteFrom('group_members')
      .where('group_id', '=', group.id)
      .where('user_id', '=', id)
      .executeTakeFirst();
    if (removed.numDeletedRows === 0n) throw notFound('Membership', `${user.email} in ${groupKey}`);
    await audit(trx, admin, 'group.member_removed', `group:${group.key}`, { userId: id, email: user.email });
    return { ...group, members: await listMembers(trx, group.id) };
  });
}

const page = z.object({
  first: z.number().int().min(1).max(PAGE_LIMITS['Query.auditLog']),
  after: z.string().max(100).optional(),
});

/** One entry of the audit log, as stored. */
export type AuditEntry = Awaited<ReturnType<typeof readAuditLog>>['entries'][number];

/** The audit log, newest first, `first` at a time after the cursor `after` (an entry id). */
export async function readAuditLog(db: Db, raw: { first: number; after?: string | null }) {
  const { first, after } = parseInput(page, { first: raw.first, after: raw.after ?? undefined });
  const before = after === undefined ? undefined : decodeCursor(after);
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(first + 1);
  if (before !== undefined) query = query.where('id', '<', before);
  const rows = await query.execute();
  const entries = rows.slice(0, first);
  return {
    entries,
    hasNextPage: rows.length > first,
    endCursor: entries.length ? Buffer.from(String(entries[entries.length - 1]!.id)).toString('base64url') : null,
  };
}

function decodeCursor(cursor: string): number {
  const id = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Number.isSafeInteger(id) || id < 1)
    throw new AppError('BAD_USER_INPUT', 'after is not a cursor this API gave out', {
      problems: [{ path: 'after', message: 'is not a cursor this API gave out' }],
    });
  return id;
}
