// The process a person's "new ticket" form starts on: the one of most of their own tickets (the one
// used last among equals), else the first process whose queue is one of their groups, else none (the
// form's first). Only processes that take tickets now count.
import { sql } from 'kysely';
import type { Db } from '../store/db.js';
import type { Person } from '../../workflows/ticket/model.js';
import { withGroups } from './access.js';

interface Offered {
  key: string;
  definition: { group: string };
}

export async function preferredProcess(db: Db, person: Person, offered: Offered[]): Promise<string | undefined> {
  if (offered.length === 0) return undefined;
  const keys = offered.map((p) => p.key);
  const own = await db
    .selectFrom('tickets')
    .innerJoin('requesters', 'requesters.id', 'tickets.requester_id')
    .select('tickets.process_key')
    .where('requesters.user_id', '=', person.userId)
    .where('tickets.process_key', 'in', keys)
    .groupBy('tickets.process_key')
    .orderBy(sql`count(*)`, 'desc')
    .orderBy(sql`max(tickets.created_at)`, 'desc')
    .limit(1)
    .executeTakeFirst();
  if (own) return own.process_key;
  const { groups = [] } = await withGroups(db, person);
  return offered.find((p) => groups.includes(p.definition.group))?.key;
}
