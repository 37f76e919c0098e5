// The Postgres NOTIFY channel that carries who is on a ticket's page: each heartbeat of a person viewing
// (or typing on) a ticket, and their leaving, is one notice. Nothing is stored: every API replica LISTENs
// and keeps the current list in memory from what it hears (api/live/presence.ts). A notice carries ids
// and a flag, never content.
import { sql } from 'kysely';
import type { Db } from '../store/db.js';

export const TICKET_PRESENCE_CHANNEL = 'ticket_presence';

export interface PresenceNotice {
  presence: {
    number: string;
    userId: string;
    typing: boolean;
    /** The person closed the page: they are gone at once rather than when their heartbeat expires. */
    left: boolean;
  };
}

/** Sends the notice now (outside any transaction: a heartbeat is news at once). */
export async function notifyPresence(db: Db, notice: PresenceNotice['presence']): Promise<void> {
  await sql`select pg_notify(${TICKET_PRESENCE_CHANNEL}, ${JSON.stringify(notice)})`.execute(db);
}

/** A notice as received, or null when the payload is not one. */
export function parsePresenceNotice(payload: string | undefined): PresenceNotice | null {
  try {
    const p = JSON.parse(payload ?? '') as Partial<PresenceNotice['presence']>;
    const ok =
      typeof p.number === 'string' &&
      typeof p.userId === 'string' &&
      typeof p.typing === 'boolean' &&
      typeof p.left === 'boolean';
    return ok ? { presence: { number: p.number!, userId: p.userId!, typing: p.typing!, left: p.left! } } : null;
  } catch {
    return null;
  }
}
