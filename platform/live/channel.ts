// The Postgres NOTIFY channel that tells API processes a ticket's read model changed. The projection
// (worker side) publishes inside its transaction, so a notice arrives only once the change is committed;
// the API listens. A notice carries ids, never content: subscribers read the read model themselves.
import { sql } from 'kysely';
import type { Db } from '../store/db.js';

export const TICKET_EVENTS_CHANNEL = 'ticket_events';

export interface TicketNotice {
  number: string;
  process: string;
  group: string;
  /** The ticket's seq after the change. */
  seq: number;
  /** The first seq the change added (seq itself when it added no event). */
  from: number;
  /** The types of the events the change added, at most MAX_TYPES of them. */
  types: string[];
}

/** NOTIFY payloads are limited to 8000 bytes: a long burst names its first types only. */
const MAX_TYPES = 20;

/**
 * The pg_notify call for a ticket row, as a select expression over a source with the tickets
 * table's `number`, `process_key`, `group_key` and `seq` columns. Postgres sends it on commit.
 */
export function ticketNotice(change: { from: number; types: string[] }) {
  const types = JSON.stringify([...new Set(change.types)].slice(0, MAX_TYPES));
  return sql<string>`pg_notify(${TICKET_EVENTS_CHANNEL}, json_build_object(
      'number', number, 'process', process_key, 'group', group_key, 'seq', seq,
      'from', least(${change.from}::int, seq), 'types', ${types}::json)::text)`;
}

/** Queues a notice for the ticket as its row now stands; Postgres sends it when the transaction commits. */
export async function notifyTicketChanged(
  trx: Db,
  ticketId: string,
  change: { from: number; types: string[] },
): Promise<void> {
  await sql`select ${ticketNotice(change)} from tickets where id = ${ticketId}`.execute(trx);
}

/** A notice as received, or null when the payload is not one (another writer on the channel). */
export function parseTicketNotice(payload: string | undefined): TicketNotice | null {
  try {
    const notice = JSON.parse(payload ?? '') as Partial<TicketNotice>;
    const ok =
      typeof notice.number === 'string' &&
      typeof notice.process === 'string' &&
      typeof notice.group === 'string' &&
      Number.isInteger(notice.seq) &&
      Number.isInteger(notice.from) &&
      Array.isArray(notice.types);
    return ok ? (notice as TicketNotice) : null;
  } catch {
    return null;
  }
}
