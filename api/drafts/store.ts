// The SQL of drafts (ticket_drafts): a person's drafts of one ticket, saving one (insert or replace),
// removing some, and pruning a person's drafts of tickets long done. Who may reach which ticket is the
// service's check (service.ts); here every query is already for one person and one ticket.
import { sql } from 'kysely';
import type { Db } from '../../platform/store/db.js';

export interface DraftRow {
  slot: string;
  value: unknown;
  updated_at: Date;
}

/** Drafts of tickets done longer ago than this are pruned when their person saves another. */
export const DONE_DRAFTS_KEPT_DAYS = 30;

export function readDrafts(db: Db, userId: string, ticketId: string): Promise<DraftRow[]> {
  return db
    .selectFrom('ticket_drafts')
    .select(['slot', 'value', 'updated_at'])
    .where('user_id', '=', userId)
    .where('ticket_id', '=', ticketId)
    .orderBy('slot')
    .execute();
}

export function writeDraft(db: Db, userId: string, ticketId: string, slot: string, json: string): Promise<DraftRow> {
  return db
    .insertInto('ticket_drafts')
    .values({ user_id: userId, ticket_id: ticketId, slot, value: json })
    .onConflict((oc) =>
      oc.columns(['user_id', 'ticket_id', 'slot']).doUpdateSet({ value: json, updated_at: new Date() }),
    )
    .returning(['slot', 'value', 'updated_at'])
    .executeTakeFirstOrThrow();
}

/** Removes the person's drafts of the ticket in those slots; answers how many there were. */
export async function removeDrafts(db: Db, userId: string, ticketId: string, slots: string[]): Promise<number> {
  if (slots.length === 0) return 0;
  const removed = await db
    .deleteFrom('ticket_drafts')
    .where('user_id', '=', userId)
    .where('ticket_id', '=', ticketId)
    .where('slot', 'in', slots)
    .executeTakeFirst();
  return Number(removed.numDeletedRows);
}

/** The person's drafts of tickets that have been done (and untouched) for DONE_DRAFTS_KEPT_DAYS. */
export async function pruneDoneDrafts(db: Db, userId: string): Promise<void> {
  const cutoff = sql<Date>`now() - make_interval(days => ${DONE_DRAFTS_KEPT_DAYS})`;
  await db
    .deleteFrom('ticket_drafts')
    .where('user_id', '=', userId)
    .where('updated_at', '<', cutoff)
    .where('ticket_id', 'in', (q) =>
      q.selectFrom('tickets').select('id').where('category', '=', 'done').where('updated_at', '<', cutoff),
    )
    .execute();
}
