// What live streams read back from the read model besides a ticket and its events (timeline.ts): which
// tickets of a process changed since a moment, and the last event of a ticket before one. A stream that
// resumes (or lost its notices) looks back a margin before that moment, since rows are stamped with
// their transaction's start and may commit a little after a later one is read.
import type { Db } from '../store/db.js';

/** Changes committed this long before a resume point (or a lost connection) are looked at again. */
export const RESUME_MARGIN_MS = 30_000;

const lookBack = (at: Date) => new Date(at.getTime() - RESUME_MARGIN_MS);

/** The numbers of the process's tickets changed since `at` (less the margin), oldest change first. */
export async function ticketsChangedSince(db: Db, processKey: string, at: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('tickets')
    .select('number')
    .where('process_key', '=', processKey)
    .where('updated_at', '>=', lookBack(at))
    .orderBy('updated_at')
    .execute();
  return rows.map((t) => t.number);
}

/** The seq of the ticket's last event before `at` (less the margin); 0 when there is none. */
export async function lastSeqBefore(db: Db, ticketId: string, at: Date): Promise<number> {
  const found = await db
    .selectFrom('ticket_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('ticket_id', '=', ticketId)
    .where('at', '<', lookBack(at))
    .executeTakeFirst();
  return found?.seq ?? 0;
}
