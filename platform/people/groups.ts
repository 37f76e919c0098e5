// Groups: a ticket's queue and the round-robin pool of agents that works it.
import { z } from 'zod';
import { conflict, isUniqueViolation, notFound } from '../errors.js';
import type { Db } from '../store/db.js';
import { parseInput } from '../validate.js';
import { assertRole, getUserByEmail, type User } from './users.js';

export interface Group {
  id: string;
  key: string;
  name: string;
}

export interface GroupWithMembers extends Group {
  members: Pick<User, 'id' | 'email' | 'name' | 'role' | 'status'>[];
}

/** A group as an answer carries it: with its members when they were read with it (GraphQL reads them
 * for one that comes without). */
export type GroupAnswer = Group & Partial<Pick<GroupWithMembers, 'members'>>;

const newGroup = z.object({
  key: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes, starting with a letter')
    .max(64),
  name: z.string().trim().min(1).max(200),
});

export async function createGroup(db: Db, input: z.input<typeof newGroup>): Promise<Group> {
  const values = parseInput(newGroup, input);
  try {
    return await db.insertInto('groups').values(values).returning(['id', 'key', 'name']).executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`Group "${values.key}" already exists`, { key: values.key });
    throw error;
  }
}

export async function getGroup(db: Db, key: string): Promise<Group> {
  const group = await db.selectFrom('groups').select(['id', 'key', 'name']).where('key', '=', key).executeTakeFirst();
  if (!group) throw notFound('Group', key);
  return group;
}

/** Members in round-robin order. */
export async function listMembers(db: Db, groupId: string): Promise<GroupWithMembers['members']> {
  return db
    .selectFrom('group_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'u.name', 'u.role', 'u.status'])
    .where('m.group_id', '=', groupId)
    .orderBy('m.position')
    .execute();
}

export async function listGroups(db: Db): Promise<GroupWithMembers[]> {
  const groups = await db.selectFrom('groups').select(['id', 'key', 'name']).orderBy('key').execute();
  return Promise.all(groups.map(async (group) => ({ ...group, members: await listMembers(db, group.id) })));
}

/** The keys of the groups a person works in: what the ticket engine checks a ticket's group against. */
export async function groupKeysOf(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('group_members as m')
    .innerJoin('groups as g', 'g.id', 'm.group_id')
    .select('g.key')
    .where('m.user_id', '=', userId)
    .orderBy('g.key')
    .execute();
  return rows.map((r) => r.key);
}

/** Only people who work tickets join groups; employees ask, they do not work queues. */
export async function addMember(db: Db, groupKey: string, email: string): Promise<void> {
  const group = await getGroup(db, groupKey);
  const user = await getUserByEmail(db, email);
  assertRole(user, ['AGENT', 'COORDINATOR', 'ADMIN']);
  await db
    .insertInto('group_members')
    .values({ group_id: group.id, user_id: user.id })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function removeMember(db: Db, groupKey: string, email: string): Promise<void> {
  const group = await getGroup(db, groupKey);
  const user = await getUserByEmail(db, email);
  const removed = await db
    .deleteFrom('group_members')
    .where('group_id', '=', group.id)
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  if (removed.numDeletedRows === 0n) throw notFound('Membership', `${email} in ${groupKey}`);
}
