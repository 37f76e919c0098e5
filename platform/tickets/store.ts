// The ticket service's Postgres side: the queries it runs, as verb-noun functions over a db or a
// transaction. The read model itself is written by the projection activity, not here.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { notFound } from '../errors.js';
import type { Db } from '../store/db.js';
import type { Role, StoredStartInput } from '../store/schema.js';
import { invalidInput } from '../validate.js';
import { groupKeysOf } from '../people/groups.js';
import { derivedId } from './request-keys.js';
import type { ProcessVersion } from '../../workflows/process/definition.js';
import type { Actor, Fields } from '../../workflows/ticket/model.js';

export type Requester = { userId: string } | { name: string; email: string };

export interface NewTicket {
  process: ProcessVersion;
  title: string;
  description?: string;
  requester: Requester;
  /** Field values, long texts not yet among them. */
  fields: Fields;
  /** Long texts by field key: stored with the row, in the same transaction. */
  longTexts: [string, string][];
  priority?: TicketStartPriority;
  idempotencyKey: string;
  /** A person, or an external system (its tickets have no creating user). */
  actor: Actor;
}
type TicketStartPriority = NonNullable<StoredStartInput['priority']>;

export async function findTicket(db: Db, number: string) {
  const found = await db
    .selectFrom('tickets')
    .select(['id', 'number', 'process_key', 'process_version', 'requester_id', 'state'])
    .where('number', '=', number)
    .executeTakeFirst();
  if (!found) throw notFound('Ticket', number);
  return found;
}

export async function findTicketByIdempotencyKey(db: Db, key: string) {
  return db.selectFrom('tickets').select(['id', 'number']).where('idempotency_key', '=', key).executeTakeFirst();
}

/**
 * The ticket's row with its number from the per-prefix counter, its description and long texts, and the
 * arguments its workflow starts with: all or nothing, in one transaction.
 */
export async function insertTicket(db: Db, ticket: NewTicket): Promise<StoredStartInput> {
  const def = ticket.process.definition;
  return db.transaction().execute(async (trx) => {
    const requester = await resolveRequester(trx, ticket.requester);
    const byUser = ticket.actor.kind === 'person' ? ticket.actor.userId : null;
    const counter = await trx
      .insertInto('ticket_counters')
      .values({ prefix: def.ticketPrefix, last: 1 })
      .onConflict((oc) => oc.column('prefix').doUpdateSet({ last: sql`ticket_counters.last + 1` }))
      .returning('last')
      .executeTakeFirstOrThrow();
    const number = `${def.ticketPrefix}-${String(counter.last).padStart(6, '0')}`;
    const { id } = await trx
      .insertInto('tickets')
      .values({
        number,
        idempotency_key: ticket.idempotencyKey,
        process_key: ticket.process.key,
        process_version: ticket.process.version,
        title: ticket.title,
        requester_id: requester.id,
        created_by: byUser,
        priority: ticket.priority ?? def.defaultPriority ?? 'normal',
        group_key: def.group,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (ticket.description) {
      await trx
        .insertInto('ticket_texts')
        .values({ ticket_id: id, purpose: 'description', body: ticket.description, created_by: byUser })
        .execute();
    }
    const texts = await storeTexts(trx, id, ticket.longTexts, byUser);
    const start: StoredStartInput = {
      ticketId: id,
      number,
      process: { key: ticket.process.key, version: ticket.process.version },
      requester: { id: requester.id, userId: requester.user_id },
      fields: { ...ticket.fields, ...texts.fields },
      ...(ticket.priority && { priority: ticket.priority }),
      createdBy: ticket.actor,
    };
    await trx
      .updateTable('tickets')
      .set({ start_input: JSON.stringify(start) })
      .where('id', '=', id)
      .execute();
    return start;
  });
}

/** The workflow runs: the row no longer needs what would start it. */
export async function markStarted(db: Db, ticketId: string): Promise<void> {
  await db.updateTable('tickets').set({ start_input: null }).where('id', '=', ticketId).execute();
}

/** Tickets whose workflow was not known to start, created before `before`: the reconciler's work. */
export async function listUnstartedTickets(db: Db, before: Date) {
  return db
    .selectFrom('tickets')
    .select(['id', 'number', 'start_input'])
    .where('start_input', 'is not', null)
    .where('created_at', '<', before)
    .orderBy('created_at')
    .limit(100)
    .execute();
}

/** Tickets an operator should look at: data the read model refused, and creates not known to have started. */
export async function listTicketProblems(db: Db, unstartedBefore: Date) {
  const flagged = await db
    .selectFrom('tickets')
    .select(['number', 'projection_error'])
    .where('projection_error', 'is not', null)
    .orderBy('updated_at')
    .execute();
  const unstarted = await listUnstartedTickets(db, unstartedBefore);
  return {
    projection: flagged.map((t) => ({ number: t.number, error: t.projection_error! })),
    unstarted: unstarted.map((t) => t.number),
  };
}

/** Long texts in Postgres, all or none; the workflow gets their ids. Use inside a transaction. */
export async function storeTexts(
  db: Db,
  ticketId: string,
  texts: [string, string][],
  by: string | null,
  /** The request's scoped key, when it may be retried: its texts then keep ids derived from it, and a
   * retry finds them stored instead of storing them again. */
  requestKey?: string,
): Promise<{ fields: Fields; ids: string[] }> {
  if (texts.length === 0) return { fields: {}, ids: [] };
  const ids = texts.map(([key]) => (requestKey ? derivedId(requestKey, `field:${key}`) : randomUUID()));
  await db
    .insertInto('ticket_texts')
    .values(
      texts.map(([key, body], i) => ({
        id: ids[i],
        ticket_id: ticketId,
        purpose: `field:${key}`,
        body,
        created_by: by,
      })),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const fields = Object.fromEntries(texts.map(([key], i) => [key, { text: ids[i]! }]));
  return { fields, ids };
}

/** What a signal's stored text is for: its payload key and the delivery's idempotency key, by which the
 * texts of other deliveries of the same event are found. */
const signalPurpose = (payloadKey: string, idempotencyKey: string) => `signal:${payloadKey}:${idempotencyKey}`;

/** A signal's payload texts in Postgres, all or none; the workflow gets their ids. */
export async function storeSignalTexts(
  db: Db,
  ticketId: string,
  idempotencyKey: string,
  texts: [string, string][],
): Promise<{ payload: Record<string, { text: string }>; ids: string[] }> {
  if (texts.length === 0) return { payload: {}, ids: [] };
  const rows = await db
    .insertInto('ticket_texts')
    .values(
      texts.map(([key, body]) => ({
        ticket_id: ticketId,
        purpose: signalPurpose(key, idempotencyKey),
        body,
        created_by: null,
      })),
    )
    .returning('id')
    .execute();
  const payload = Object.fromEntries(texts.map(([key], i) => [key, { text: rows[i]!.id }]));
  return { payload, ids: rows.map((r) => r.id) };
}

/**
 * After a delivery took effect (it was the first with its idempotency key), what earlier deliveries of
 * the same event stored is referred to by nothing: they did not take effect (an answer that never came)
 * or will be answered as duplicates. Removed, but never a text an event refers to (a delivery so old
 * that the ticket no longer remembered its key, and took it again).
 */
/** True when the ticket's timeline has taken a signal under this (scoped) idempotency key. */
export async function tookSignal(db: Db, ticketId: string, idempotencyKey: string): Promise<boolean> {
  const taken = await db
    .selectFrom('ticket_events')
    .select('seq')
    .where('ticket_id', '=', ticketId)
    .where('type', '=', 'signal_received')
    .where(sql<string>`data->>'key'`, '=', idempotencyKey)
    .limit(1)
    .executeTakeFirst();
  return taken !== undefined;
}

export async function deleteOtherSignalTexts(
  db: Db,
  ticketId: string,
  idempotencyKey: string,
  payloadKeys: string[],
  keep: string[],
): Promise<void> {
  if (payloadKeys.length === 0) return;
  let others = db
    .deleteFrom('ticket_texts as t')
    .where('t.ticket_id', '=', ticketId)
    .where(
      't.purpose',
      'in',
      payloadKeys.map((key) => signalPurpose(key, idempotencyKey)),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('ticket_events as e')
            .select('e.seq')
            .whereRef('e.ticket_id', '=', 't.ticket_id')
            .where('e.type', '=', 'signal_received')
            .where(sql<boolean>`e.data::text like '%' || t.id::text || '%'`),
        ),
      ),
    );
  if (keep.length > 0) others = others.where('t.id', 'not in', keep);
  await others.execute();
}

export async function deleteTexts(db: Db, ids: string[]): Promise<void> {
  if (ids.length > 0) await db.deleteFrom('ticket_texts').where('id', 'in', ids).execute();
}

export async function insertComment(
  db: Db,
  comment: {
    id: string;
    ticketId: string;
    authorId: string;
    visibility: 'public' | 'internal';
    body: string;
    mentionIds: string[];
  },
): Promise<void> {
  await db
    .insertInto('comments')
    .values({
      id: comment.id,
      ticket_id: comment.ticketId,
      author_id: comment.authorId,
      visibility: comment.visibility,
      body: comment.body,
      mention_ids: comment.mentionIds,
    })
    // A retried comment has the id of the first (request-keys.ts): stored once.
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export async function deleteComment(db: Db, id: string): Promise<void> {
  await db.deleteFrom('comments').where('id', '=', id).execute();
}

/** A person to assign, with what the engine checks of them; an unknown id is bad input. */
export async function findAssignee(db: Db, userId: string): Promise<{ role: Role; groups: string[] }> {
  const user = await db.selectFrom('users').select('role').where('id', '=', userId).executeTakeFirst();
  if (!user) throw invalidInput([{ path: 'userId', message: 'no such person' }]);
  return { role: user.role, groups: await groupKeysOf(db, userId) };
}

/** A change the engine refused: the audit log keeps it, and the ticket's timeline shows it. */
export { recordRefusal } from '../store/refusals.js';

/** Published versions never change (a trigger refuses it), so each is read once per database. */
const versions = new WeakMap<Db, Map<string, Promise<ProcessVersion>>>();

export function getProcessVersion(db: Db, key: string, version: number): Promise<ProcessVersion> {
  let cache = versions.get(db);
  if (!cache) versions.set(db, (cache = new Map()));
  const id = `${key}@${version}`;
  let found = cache.get(id);
  if (!found) {
    found = readProcessVersion(db, key, version);
    cache.set(id, found);
    found.catch(() => cache.delete(id)); // a version not found (or not yet readable) is asked again
  }
  return found;
}

async function readProcessVersion(db: Db, key: string, version: number): Promise<ProcessVersion> {
  const found = await db
    .selectFrom('process_versions')
    .select(['key', 'version', 'definition'])
    .where('key', '=', key)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!found) throw notFound('Process version', `${key} v${version}`);
  return found;
}

export async function readTicket(db: Db, number: string) {
  const found = await db.selectFrom('tickets').selectAll().where('number', '=', number).executeTakeFirst();
  if (!found) throw notFound('Ticket', number);
  return found;
}

/** Every event of the ticket and every refused change, in order. */
export async function readTimeline(db: Db, ticket: { id: string; number: string }) {
  const events = await db
    .selectFrom('ticket_events')
    .selectAll()
    .where('ticket_id', '=', ticket.id)
    .orderBy('seq')
    .execute();
  const refused = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('subject', '=', `ticket:${ticket.number}`)
    .orderBy('id')
    .execute();
  return { events, refused };
}

async function resolveRequester(db: Db, requester: Requester) {
  if ('userId' in requester) {
    const user = await db
      .selectFrom('users')
      .select(['id', 'name', 'email'])
      .where('id', '=', requester.userId)
      .executeTakeFirst();
    if (!user) throw notFound('User', requester.userId);
    return db
      .insertInto('requesters')
      .values({ name: user.name, email: user.email, user_id: user.id })
      .onConflict((oc) => oc.expression(sql`lower(email)`).doUpdateSet({ user_id: user.id }))
      .returning(['id', 'user_id'])
      .executeTakeFirstOrThrow();
  }
  return db
    .insertInto('requesters')
    .values({ name: requester.name, email: requester.email.toLowerCase() })
    .onConflict((oc) => oc.expression(sql`lower(email)`).doUpdateSet({ name: requester.name }))
    .returning(['id', 'user_id'])
    .executeTakeFirstOrThrow();
}
