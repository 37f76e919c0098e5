// A ticket's timeline events as a person may see them: staff everything, a requester everything but
// internal notes. Comment bodies live in Postgres beside the events; they are joined in here.
import type { Selectable } from 'kysely';
import type { Db } from '../../platform/store/db.js';
import type { TicketEventsTable } from '../../platform/store/schema.js';
import type { Role } from '../../platform/store/schema.js';
import { isStaffRole } from '../../workflows/process/vocabulary.js';

type EventRow = Selectable<TicketEventsTable>;

/** The events (of one ticket) the role may see, with the comment bodies, in the order given. */
export async function visibleEvents(db: Db, ticketId: string, role: Role, events: EventRow[]) {
  const staff = isStaffRole(role);
  const visible = events.filter((e) => staff || e.type !== 'commented' || e.data.visibility === 'public');
  const commentIds = visible.filter((e) => e.type === 'commented').map((e) => String(e.data.commentId));
  const comments = commentIds.length
    ? await db.selectFrom('comments').select(['id', 'body']).where('ticket_id', '=', ticketId).execute()
    : [];
  const bodies = new Map(comments.map((c) => [c.id, c.body]));
  return visible.map((e) => ({
    seq: e.seq as number | null,
    type: e.type,
    at: e.at,
    actor: e.actor,
    data: e.data,
    body: e.type === 'commented' ? (bodies.get(String(e.data.commentId)) ?? null) : null,
  }));
}

/** The ticket's events after seq `after` up to `upTo`, oldest first, as the role may see them, and how many there are in all. */
export async function readVisibleEvents(db: Db, ticketId: string, role: Role, range: { after: number; upTo: number }) {
  const events = await db
    .selectFrom('ticket_events')
    .selectAll()
    .where('ticket_id', '=', ticketId)
    .where('seq', '>', range.after)
    .where('seq', '<=', range.upTo)
    .orderBy('seq')
    .execute();
  return { visible: await visibleEvents(db, ticketId, role, events), total: events.length };
}
