// A ticket's timeline events as a person may see them: those who work the ticket (admins; agents and
// coordinators of its group) everything, anyone else who may see it (its requester) everything but
// internal notes. Comment bodies live in Postgres beside the events; they are joined in here.
import type { Selectable } from 'kysely';
import type { Db } from '../../platform/store/db.js';
import type { TicketEventsTable } from '../../platform/store/schema.js';
import { isStaffRole } from '../../workflows/process/vocabulary.js';
import type { Person } from '../../workflows/ticket/model.js';

type EventRow = Selectable<TicketEventsTable>;

/** Whether the person works the ticket of this group: the same rule as the ticket engine's checks. */
export async function worksOnTicket(db: Db, person: Person, groupKey: string): Promise<boolean> {
  if (person.role === 'ADMIN') return true;
  if (!isStaffRole(person.role)) return false;
  const member = await db
    .selectFrom('group_members as m')
    .innerJoin('groups as g', 'g.id', 'm.group_id')
    .select('m.user_id')
    .where('g.key', '=', groupKey)
    .where('m.user_id', '=', person.userId)
    .executeTakeFirst();
  return member !== undefined;
}

/** The events (of one ticket) the reader may see, with the comment bodies, in the order given; `staff`
 * when the reader works the ticket. */
export async function visibleEvents(db: Db, ticketId: string, staff: boolean, events: EventRow[]) {
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

/** The ticket's events after seq `after` up to `upTo`, oldest first, as the reader may see them, and how many there are in all. */
export async function readVisibleEvents(
  db: Db,
  ticketId: string,
  staff: boolean,
  range: { after: number; upTo: number },
) {
  const events = await db
    .selectFrom('ticket_events')
    .selectAll()
    .where('ticket_id', '=', ticketId)
    .where('seq', '>', range.after)
    .where('seq', '<=', range.upTo)
    .orderBy('seq')
    .execute();
  return { visible: await visibleEvents(db, ticketId, staff, events), total: events.length };
}
