// A ticket's timeline events as a person may see them: those who work the ticket (admins; agents and
// coordinators of its group) everything, anyone else who may see it (its requester) everything but
// internal notes — internal comments, the comments signals record (`as: comment`) and those signals'
// payloads. Comment bodies and signal payload texts live in Postgres beside the events, which hold their
// ids; they are joined in here, so a payload reads as it was sent.
import type { Selectable } from 'kysely';
import type { Db } from '../store/db.js';
import type { TicketEventsTable } from '../store/schema.js';
import { isStoredText } from '../../workflows/ticket/checks.js';
import type { Person } from '../../workflows/ticket/model.js';
import { worksOnTicket } from './access.js';
import { getProcessVersion, readTimeline } from './store.js';

type EventRow = Selectable<TicketEventsTable>;
/** The ticket whose events these are. */
export interface TimelineTicket {
  id: string;
  number: string;
  group_key: string;
  process_key: string;
  process_version: number;
}

/** Signals the process records as internal comments: their payloads are for staff only. */
async function commentSignals(db: Db, ticket: TimelineTicket): Promise<Set<string>> {
  const { definition } = await getProcessVersion(db, ticket.process_key, ticket.process_version);
  const recorded = (definition.signals ?? []).filter((s) => s.effect.kind === 'timeline' && s.effect.as === 'comment');
  return new Set(recorded.map((s) => s.name));
}

const isSignalEvent = (e: EventRow) => e.type === 'signal_received' || e.type === 'external_comment';
const payloadOf = (e: EventRow) =>
  typeof e.data.payload === 'object' && e.data.payload !== null ? (e.data.payload as Record<string, unknown>) : {};

/** The events (of one ticket) the reader may see, with comment bodies and payload texts, in the order
 * given; `staff` when the reader works the ticket. */
export async function visibleEvents(db: Db, ticket: TimelineTicket, staff: boolean, events: EventRow[]) {
  const internal = staff || !events.some(isSignalEvent) ? new Set<string>() : await commentSignals(db, ticket);
  const visible = events.filter(
    (e) => staff || (e.type === 'commented' ? e.data.visibility === 'public' : e.type !== 'external_comment'),
  );
  /** A signal event as the reader may see it: for staff only, the payload of a signal recorded as a comment. */
  const withheld = (e: EventRow) => isSignalEvent(e) && internal.has(String(e.data.name));

  const commentIds = visible.filter((e) => e.type === 'commented').map((e) => String(e.data.commentId));
  const comments = commentIds.length
    ? await db.selectFrom('comments').select(['id', 'body']).where('ticket_id', '=', ticket.id).execute()
    : [];
  const bodies = new Map(comments.map((c) => [c.id, c.body]));
  const textIds = visible
    .filter((e) => isSignalEvent(e) && !withheld(e))
    .flatMap((e) => Object.values(payloadOf(e)).filter(isStoredText))
    .map((v) => v.text);
  // Only this ticket's texts: an id from elsewhere resolves to nothing.
  const texts = textIds.length
    ? await db
        .selectFrom('ticket_texts')
        .select(['id', 'body'])
        .where('ticket_id', '=', ticket.id)
        .where('id', 'in', textIds)
        .execute()
    : [];
  const bodyOf = new Map(texts.map((t) => [t.id, t.body]));

  /** The payload as sent: stored texts by their bodies (null once erased). */
  const resolved = (payload: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(payload).map(([key, value]) => [
        key,
        isStoredText(value) ? (bodyOf.get(value.text) ?? null) : value,
      ]),
    );
  const dataOf = (e: EventRow): Record<string, unknown> => {
    if (!isSignalEvent(e)) return e.data;
    // The sender's idempotency key (scoped to its API key or endpoint) is a delivery detail, for staff.
    const data = { ...e.data };
    if (!staff) delete data.key;
    if (!('payload' in data)) return data;
    if (withheld(e)) {
      delete data.payload;
      return data;
    }
    return { ...data, payload: resolved(payloadOf(e)) };
  };
  return visible.map((e) => ({
    seq: e.seq as number | null,
    type: e.type,
    at: e.at,
    actor: e.actor,
    data: dataOf(e),
    body: e.type === 'commented' ? (bodies.get(String(e.data.commentId)) ?? null) : null,
  }));
}

/** One entry of a ticket's timeline as its reader may see it: an event, or a refused change (no seq). */
export type TimelineEntry = Awaited<ReturnType<typeof timelineFor>>[number];

/** The ticket's events after seq `after` up to `upTo`, oldest first, as the reader may see them, and how many there are in all. */
export async function readVisibleEvents(
  db: Db,
  ticket: TimelineTicket,
  staff: boolean,
  range: { after: number; upTo: number },
) {
  const events = await db
    .selectFrom('ticket_events')
    .selectAll()
    .where('ticket_id', '=', ticket.id)
    .where('seq', '>', range.after)
    .where('seq', '<=', range.upTo)
    .orderBy('seq')
    .execute();
  return { visible: await visibleEvents(db, ticket, staff, events), total: events.length };
}

/** Every event of the ticket and every refused change, oldest first, as the person may see them: those
 * who work the ticket everything, anyone else (its requester) what is theirs to see. */
export async function timelineFor(db: Db, person: Person, ticket: TimelineTicket) {
  const staff = await worksOnTicket(db, person, ticket.group_key);
  const { events, refused } = await readTimeline(db, { id: ticket.id, number: ticket.number });
  return [
    ...(await visibleEvents(db, ticket, staff, events)),
    // Those who work the ticket see every refused change; a requester sees their own.
    ...refused
      .filter((r) => staff || r.actor === person.userId)
      .map((r) => ({
        seq: null,
        type: 'refused',
        at: r.at,
        // A system (a signal's source: an API key's, a webhook's, the ERP checks') by its name.
        actor: r.actor.startsWith('system:')
          ? { kind: 'system', name: r.actor.slice('system:'.length) }
          : { kind: 'person', userId: r.actor },
        data: { action: r.action, ...(r.details as object) },
        body: null,
      })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
}
