// What a ticket's page shows beyond its row: the description, who asked, the comments, and long-text
// field values as their text. Each is read on its own, only when asked for; internal notes only for
// those who work the ticket (access.ts).
import type { Db } from '../store/db.js';
import type { Person } from '../../workflows/ticket/model.js';
import { isStoredText } from '../../workflows/ticket/checks.js';
import { worksOnTicket } from './access.js';

interface DetailsTicket {
  id: string;
  group_key: string;
  requester_id: string;
  fields: Record<string, unknown>;
}

/** What was written when the ticket was submitted; null when nothing was. */
export async function readDescription(db: Db, ticket: Pick<DetailsTicket, 'id'>): Promise<string | null> {
  const row = await db
    .selectFrom('ticket_texts')
    .select('body')
    .where('ticket_id', '=', ticket.id)
    .where('purpose', '=', 'description')
    .executeTakeFirst();
  return row?.body ?? null;
}

/** Who asked: their name and address, and their account if they have one. */
export function readRequester(db: Db, ticket: Pick<DetailsTicket, 'requester_id'>) {
  return db
    .selectFrom('requesters')
    .select(['name', 'email', 'user_id'])
    .where('id', '=', ticket.requester_id)
    .executeTakeFirstOrThrow();
}

/** A comment as it is stored: its author by id (null for a system's). */
export type CommentRow = Awaited<ReturnType<typeof readComments>>[number];

/** Public replies, and internal notes for a reader who works the ticket (none for a system), oldest first. */
export async function readComments(db: Db, reader: Person | null, ticket: Pick<DetailsTicket, 'id' | 'group_key'>) {
  let query = db.selectFrom('comments').selectAll().where('ticket_id', '=', ticket.id);
  const internal = reader !== null && (await worksOnTicket(db, reader, ticket.group_key));
  if (!internal) query = query.where('visibility', '=', 'public');
  return query.orderBy('created_at').orderBy('id').execute();
}

/** Field values by key, long texts as their text (the row holds them as { text: id }). */
export async function readFieldValues(db: Db, ticket: Pick<DetailsTicket, 'id' | 'fields'>) {
  const ids = Object.values(ticket.fields)
    .filter(isStoredText)
    .map((v) => v.text);
  if (ids.length === 0) return ticket.fields;
  const texts = await db
    .selectFrom('ticket_texts')
    .select(['id', 'body'])
    .where('ticket_id', '=', ticket.id)
    .where('id', 'in', ids)
    .execute();
  const bodies = new Map(texts.map((row) => [row.id, row.body]));
  return Object.fromEntries(
    Object.entries(ticket.fields).map(([key, value]) => [
      key,
      isStoredText(value) ? (bodies.get(value.text) ?? null) : value,
    ]),
  );
}
