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

/** Queues a notice for the ticket as its row now stands; Postgres sends it when the transaction commits. */
export async function notifyTicketChanged(
  trx: Db,
  ticketId: string,
  change: { from: number; types: string[] },
): Promise<void> {
  const types = JSON.stringify([...new Set(change.types)].slice(0, MAX_TYPES));
  await sql`
    select pg_notify(${TICKET_EVENTS_CHANNEL}, json_build_object(
      'number', number, 'process', process_key, 'group', group_key, 'seq', seq,
      'from', least(${change.from}::int, seq), 'types', ${types}::json)::text)
    from tickets where id = ${ticketId}`.execute(trx);
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
