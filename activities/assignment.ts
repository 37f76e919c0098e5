// Round-robin assignment: the next active member of a group after the last one assigned. The cursor
// lives in Postgres and is locked per group, so assignment stays fair across any number of worker
// processes; each decision is stored under (ticket, state entry), so a retry returns the same person.
import type { Db } from '../platform/store/db.js';

export interface AssignRequest {
  ticketId: string;
  number: string;
  group: string;
  /** The state entry whose `assign` action this is. */
  entry: number;
}

export interface AssignResult {
  userId: string | null;
  /** Why nobody was assigned. */
  reason?: 'no_such_group' | 'no_active_member';
}

export async function assignRoundRobin(db: Db, request: AssignRequest): Promise<AssignResult> {
  const decided = await previousDecision(db, request);
  if (decided) return decided;
  return db.transaction().execute(async (trx) => {
    const group = await trx.selectFrom('groups').select('id').where('key', '=', request.group).executeTakeFirst();
    if (!group) return { userId: null, reason: 'no_such_group' };
    await trx
      .insertInto('round_robin_cursors')
      .values({ group_id: group.id })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const cursor = await trx
      .selectFrom('round_robin_cursors')
      .select('last_position')
      .where('group_id', '=', group.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    // Under the group's lock: a concurrent retry of this very request may have decided meanwhile.
    const raced = await previousDecision(trx, request);
    if (raced) return raced;

    const members = await trx
      .selectFrom('group_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.user_id', 'm.position'])
      .where('m.group_id', '=', group.id)
      .where('u.status', '=', 'active')
      .orderBy('m.position')
      .execute();
    const next = members.find((m) => m.position > cursor.last_position) ?? members[0];
    if (next) {
      await trx
        .updateTable('round_robin_cursors')
        .set({ last_position: next.position })
        .where('group_id', '=', group.id)
        .execute();
    }
    const result: AssignResult = next ? { userId: next.user_id } : { userId: null, reason: 'no_active_member' };
    await trx
      .insertInto('assignments')
      .values({
        ticket_id: request.ticketId,
        entry: request.entry,
        group_id: group.id,
        user_id: result.userId,
        reason: result.reason ?? null,
      })
      .execute();
    return result;
  });
}

async function previousDecision(db: Db, request: AssignRequest): Promise<AssignResult | undefined> {
  const row = await db
    .selectFrom('assignments')
    .select(['user_id', 'reason'])
    .where('ticket_id', '=', request.ticketId)
    .where('entry', '=', request.entry)
    .executeTakeFirst();
  if (!row) return undefined;
  return row.user_id ? { userId: row.user_id } : { userId: null, reason: row.reason as AssignResult['reason'] };
}
