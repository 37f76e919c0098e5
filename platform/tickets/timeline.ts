// A ticket's timeline events as a person may see them: those who work the ticket (admins; agents and
// coordinators of its group) everything, anyone else who may see it (its requester) everything but
// internal notes — internal comments, the comments signals record (`as: comment`) and those signals'
// payloads — and field values (created, fields_set) only of the fields the reader may see (a field's
// visibleTo). Comment bodies and signal payload texts live in Postgres beside the events, which hold
// their ids; they are joined in here, so a payload reads as it was sent.
import type { Selectable } from 'kysely';
import type { Db } from '../store/db.js';
import type { AuditLogTable, TicketEventsTable } from '../store/schema.js';
import { isStoredText } from '../../workflows/ticket/checks.js';
import type { Actor, RefusalActor, TimelineEventData, TimelineEventKind } from '../../workflows/ticket/events.js';
import type { Person } from '../../workflows/ticket/model.js';
import type { ProcessDefinition } from '../../workflows/process/definition.js';
import { audienceOf, visibleValues } from '../../workflows/process/field-access.js';
import type { FieldAudience } from '../../workflows/process/vocabulary.js';
import { worksOnTicket } from './access.js';
import type { CommentRow } from './details.js';
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

type Payload = Record<string, unknown>;
/** The data of each kind as a reader gets it: a signal's payload as it was sent (its texts read back),
 * without its sender's key for those who do not work the ticket, and without the payload of a signal
 * recorded as an internal comment for them either. */
type ReadData = Omit<TimelineEventData, 'signal_received' | 'external_comment'> & {
  signal_received: Omit<TimelineEventData['signal_received'], 'payload' | 'key'> & { payload?: Payload; key?: string };
  external_comment: Omit<TimelineEventData['external_comment'], 'payload'> & { payload?: Payload };
};

/**
 * One entry of a ticket's timeline as its reader may see it, of one kind (workflows/ticket/events.ts):
 * an event, or a refused change (no seq, and its actor as the audit log names it). A commented event
 * carries its comment.
 */
export type TimelineEntry = {
  [K in TimelineEventKind]: {
    seq: K extends 'refused' ? null : number;
    type: K;
    at: Date;
    actor: K extends 'refused' ? RefusalActor : Actor;
    data: ReadData[K];
    comment: CommentRow | null;
  };
}[TimelineEventKind];

/** An event as stored, of its kind: ticket_events holds what the workflow emitted, and the read
 * model's writer its projection_failed events (the table's columns know no kinds). */
type StoredEvent = {
  [K in Exclude<TimelineEventKind, 'refused'>]: Omit<EventRow, 'type' | 'actor' | 'data'> & {
    type: K;
    actor: Actor;
    data: TimelineEventData[K];
  };
}[Exclude<TimelineEventKind, 'refused'>];
const stored = (row: EventRow) => row as unknown as StoredEvent;

/** The event with only the field values the audience may see: a `fields_set` event of hidden fields
 * alone is not theirs to see at all. */
function withVisibleFields(def: ProcessDefinition, audience: FieldAudience, e: StoredEvent): StoredEvent[] {
  if (e.type !== 'created' && e.type !== 'fields_set') return [e];
  const fields = visibleValues(def, audience, e.data.fields);
  if (fields === e.data.fields) return [e];
  if (e.type === 'fields_set' && Object.keys(fields).length === 0) return [];
  return [{ ...e, data: { ...e.data, fields } } as StoredEvent];
}

/** Signals the process records as internal comments: their payloads are for staff only. */
async function commentSignals(db: Db, ticket: TimelineTicket): Promise<Set<string>> {
  const { definition } = await getProcessVersion(db, ticket.process_key, ticket.process_version);
  const recorded = (definition.signals ?? []).filter((s) => s.effect.kind === 'timeline' && s.effect.as === 'comment');
  return new Set(recorded.map((s) => s.name));
}

type SignalEvent = Extract<StoredEvent, { type: 'signal_received' | 'external_comment' }>;
const isSignalEvent = (e: StoredEvent): e is SignalEvent =>
  e.type === 'signal_received' || e.type === 'external_comment';
const payloadOf = (e: SignalEvent): Payload =>
  typeof e.data.payload === 'object' && e.data.payload !== null ? e.data.payload : {};

/** The events (of one ticket) the reader may see, with their comments and payload texts, in the order
 * given; `staff` when the reader works the ticket. */
export async function visibleEvents(
  db: Db,
  ticket: TimelineTicket,
  staff: boolean,
  rows: EventRow[],
  audience: FieldAudience,
): Promise<TimelineEntry[]> {
  const { definition } = await getProcessVersion(db, ticket.process_key, ticket.process_version);
  const events = rows.map(stored).flatMap((e) => withVisibleFields(definition, audience, e));
  const internal = staff || !events.some(isSignalEvent) ? new Set<string>() : await commentSignals(db, ticket);
  const visible = events.filter(
    (e) =>
      staff ||
      (e.type === 'commented'
        ? e.data.visibility === 'public'
        : // The notice of an internal note's mentions tells of the note.
          e.type !== 'external_comment' && !(e.type === 'notified' && e.data.event === 'mentioned')),
  );
  /** A signal event as the reader may see it: for staff only, the payload of a signal recorded as a comment. */
  const withheld = (e: SignalEvent) => internal.has(String(e.data.name));

  const commented = visible.some((e) => e.type === 'commented');
  const comments = commented
    ? await db.selectFrom('comments').selectAll().where('ticket_id', '=', ticket.id).execute()
    : [];
  const commentsById = new Map(comments.map((c) => [c.id, c]));
  const textIds = visible
    .filter(isSignalEvent)
    .filter((e) => !withheld(e))
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
  const resolved = (payload: Payload) =>
    Object.fromEntries(
      Object.entries(payload).map(([key, value]) => [
        key,
        isStoredText(value) ? (bodyOf.get(value.text) ?? null) : value,
      ]),
    );
  const readData = (e: SignalEvent) => {
    const data: { name: string; source?: string; key?: string; payload?: Payload } = { ...e.data };
    // The sender's idempotency key (scoped to its API key or endpoint) is a delivery detail, for staff.
    if (!staff) delete data.key;
    if (!('payload' in data)) return data;
    if (withheld(e)) {
      delete data.payload;
      return data;
    }
    return { ...data, payload: resolved(payloadOf(e)) };
  };
  // Each entry is of its event's kind: the data only loses, for signals, what the reader may not see.
  return visible.map(
    (e) =>
      ({
        seq: e.seq,
        type: e.type,
        at: e.at,
        actor: e.actor,
        data: isSignalEvent(e) ? readData(e) : e.data,
        comment: e.type === 'commented' ? (commentsById.get(e.data.commentId) ?? null) : null,
      }) as TimelineEntry,
  );
}

/** The ticket's events after seq `after` up to `upTo`, oldest first, as the reader may see them, and how many there are in all. */
export async function readVisibleEvents(
  db: Db,
  ticket: TimelineTicket,
  staff: boolean,
  range: { after: number; upTo: number },
  audience: FieldAudience,
) {
  const events = await db
    .selectFrom('ticket_events')
    .selectAll()
    .where('ticket_id', '=', ticket.id)
    .where('seq', '>', range.after)
    .where('seq', '<=', range.upTo)
    .orderBy('seq')
    .execute();
  return { visible: await visibleEvents(db, ticket, staff, events, audience), total: events.length };
}

/** A refused change as the timeline shows it: the audit log's row as a `refused` entry. */
function refusedEntry(r: Selectable<AuditLogTable>): Extract<TimelineEntry, { type: 'refused' }> {
  return {
    seq: null,
    type: 'refused',
    at: r.at,
    // A system (a signal's source: an API key's, a webhook's, the ERP checks') by its name.
    actor: r.actor.startsWith('system:')
      ? { kind: 'system', name: r.actor.slice('system:'.length) }
      : { kind: 'person', userId: r.actor },
    data: { action: r.action, ...r.details },
    comment: null,
  };
}

/** Every event of the ticket and every refused change, oldest first, as the person may see them: those
 * who work the ticket everything, anyone else (its requester) what is theirs to see. */
export async function timelineFor(db: Db, person: Person, ticket: TimelineTicket): Promise<TimelineEntry[]> {
  const staff = await worksOnTicket(db, person, ticket.group_key);
  const { events, refused } = await readTimeline(db, { id: ticket.id, number: ticket.number });
  return [
    ...(await visibleEvents(db, ticket, staff, events, audienceOf(person.role, staff))),
    // Those who work the ticket see every refused change; a requester sees their own.
    ...refused.filter((r) => staff || r.actor === person.userId).map(refusedEntry),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
}
