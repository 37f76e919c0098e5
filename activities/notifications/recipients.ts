// Who a notify action reaches: requester, assignee, a group's members, or the coordinators (those of
// the ticket's group, else every coordinator), and people named by id (those a note mentions), as
// people with an address, each once. Nobody who is
// inactive, pending or rejected; a requester without an account is reached by email only.
import type { Db } from '../../platform/store/db.js';
import type { Recipient } from '../../workflows/process/definition.js';

export interface Addressee {
  /** The user id, or `requester:<id>` for a requester without an account. */
  key: string;
  userId: string | null;
  name: string;
  email: string;
}

export interface TicketPeople {
  requester: { id: string; userId: string | null };
  assignee: string | null;
  group: string;
}

const reachable = ['active', 'away'] as const;

export async function resolveRecipients(
  db: Db,
  to: readonly Recipient[],
  people: TicketPeople,
  userIds: readonly string[] = [],
): Promise<Addressee[]> {
  const found = new Map<string, Addressee>();
  const add = (list: Addressee[]) => list.forEach((a) => found.has(a.key) || found.set(a.key, a));
  const users = db.selectFrom('users').select(['id', 'name', 'email']).where('status', 'in', reachable);
  const asAddressees = (rows: { id: string; name: string; email: string }[]) =>
    rows.map((u) => ({ key: u.id, userId: u.id, name: u.name, email: u.email }));

  for (const recipient of to) {
    if (recipient === 'requester') add(await requesterOf(db, people.requester.id));
    else if (recipient === 'assignee') {
      if (people.assignee) add(asAddressees(await users.where('id', '=', people.assignee).execute()));
    } else if (recipient === 'coordinators') {
      const coordinators = users.where('role', '=', 'COORDINATOR');
      const ofGroup = await coordinators
        .where('id', 'in', (q) =>
          q
            .selectFrom('group_members as m')
            .innerJoin('groups as g', 'g.id', 'm.group_id')
            .select('m.user_id')
            .where('g.key', '=', people.group),
        )
        .execute();
      add(asAddressees(ofGroup.length > 0 ? ofGroup : await coordinators.execute()));
    } else {
      const members = await users
        .where('id', 'in', (q) =>
          q
            .selectFrom('group_members as m')
            .innerJoin('groups as g', 'g.id', 'm.group_id')
            .select('m.user_id')
            .where('g.key', '=', recipient.group),
        )
        .orderBy('email')
        .execute();
      add(asAddressees(members));
    }
  }
  if (userIds.length > 0) add(asAddressees(await users.where('id', 'in', userIds).orderBy('email').execute()));
  return [...found.values()];
}

async function requesterOf(db: Db, requesterId: string): Promise<Addressee[]> {
  const row = await db
    .selectFrom('requesters as r')
    .leftJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.id', 'r.name', 'r.email', 'r.user_id', 'u.status', 'u.name as user_name', 'u.email as user_email'])
    .where('r.id', '=', requesterId)
    .executeTakeFirst();
  if (!row) return [];
  if (!row.user_id) return [{ key: `requester:${row.id}`, userId: null, name: row.name, email: row.email }];
  if (!(reachable as readonly string[]).includes(row.status ?? '')) return [];
  return [
    { key: row.user_id, userId: row.user_id, name: row.user_name ?? row.name, email: row.user_email ?? row.email },
  ];
}
