// Writes a ticket's workflow into the read model: the `tickets` row and the `ticket_events` timeline.
// The projection activity (activities/projection.ts) and the read-model repair (read-model.ts) call it.
// Idempotent: an event is keyed by (ticket, seq), so a retried projection never duplicates one (nor a
// vendor link, keyed by system, object and ticket). The
// workflow's history is the truth: the projection runs as a local activity, so a worker that dies
// before its workflow task completes may have projected events its history never kept, and the
// replay (which may see its inputs grouped, hence ordered, otherwise) projects those seqs again.
// Such a projection replaces what is stored at its seqs and removes anything beyond them; so does a
// repair, which a caller asks for when the row ran ahead of the workflow and no new event will. A
// projection of a task that took an update marks the row with it until the task is known stored (see
// workflows/ticket/projection.ts). isDataError tells data that Postgres refuses (which no retry can fix)
// from an outage (which retries ride out).
import { notifyTicketChanged, ticketNotice } from '../live/channel.js';
import { sql } from 'kysely';
import type { Db } from '../store/db.js';
import type { Actor, TimelineEventData } from '../../workflows/ticket/events.js';
import type { TicketSnapshot, TimelineEvent } from '../../workflows/ticket/model.js';

export interface ProjectionRequest {
  ticketId: string;
  ticket: TicketSnapshot;
  /** Sequence number of the last event the workflow has emitted. */
  seq: number;
  doneAt: number | null;
  events: TimelineEvent[];
  /** The workflow's state as it stands, written over whatever a lost workflow task projected. */
  repair?: boolean;
  /** The update whose workflow task this projection runs in, not yet stored by the Temporal server;
   * null when every task that projected is stored. Histories from before send none (as null). */
  unconfirmed?: string | null;
}

export interface ProjectionFailure {
  ticketId: string;
  /** The first and last sequence numbers that could not be stored. */
  seqs: [number, number];
  at: number;
  code: string;
  message: string;
}

/** The columns of a ticket's row that hold its snapshot, as the row reads them back: what a check that
 * the read model equals the workflow compares. */
export function snapshotColumns(ticket: TicketSnapshot) {
  return {
    state: ticket.state,
    category: ticket.category,
    priority: ticket.priority,
    group_key: ticket.group,
    assignee_id: ticket.assignee,
    fields: ticket.fields,
    slas: ticket.slas,
    sla_due_at: slaDueAt(ticket),
    version: ticket.version,
    process_key: ticket.process.key,
    process_version: ticket.process.version,
  };
}

/** The earliest deadline of the ticket's running SLA clocks, what the queue sorts by; null when none runs
 * with a deadline (paused and stopped clocks are due never, as far as the queue is concerned). */
export function slaDueAt(ticket: Pick<TicketSnapshot, 'slas'>): Date | null {
  const deadlines = Object.values(ticket.slas)
    .filter((clock) => clock.status === 'running' && typeof clock.deadline === 'number')
    .map((clock) => clock.deadline as number);
  return deadlines.length ? new Date(Math.min(...deadlines)) : null;
}

export async function projectTicket(db: Db, request: ProjectionRequest): Promise<void> {
  const { ticket } = request;
  const notice = ticketNotice({
    from: request.events[0]?.seq ?? request.seq,
    types: request.events.map((e) => e.type),
  });
  // One statement, so one round trip and atomic on its own: the events, the row, the notice.
  {
    let query = db.with('updated', (qc) =>
      qc
        .updateTable('tickets')
        .set({
          state: ticket.state,
          category: ticket.category,
          priority: ticket.priority,
          group_key: ticket.group,
          assignee_id: ticket.assignee,
          fields: JSON.stringify(ticket.fields),
          slas: JSON.stringify(ticket.slas),
          sla_due_at: slaDueAt(ticket),
          version: ticket.version,
          seq: request.seq,
          done_at: request.doneAt === null ? null : new Date(request.doneAt),
          updated_at: new Date(),
          ...unconfirmedMark(request.unconfirmed ?? null),
        })
        .where('id', '=', request.ticketId)
        // `<=`: a change without an event (an SLA deadline computed later) comes with the same seq.
        // Projections of one ticket run one after the other, so an older one never arrives later;
        // one with events is the history's own account of them, and wins over what a lost attempt wrote.
        .$if(request.events.length === 0 && !request.repair, (qb) => qb.where('seq', '<=', request.seq))
        .returning(['number', 'process_key', 'group_key', 'seq']),
    );
    if (request.events.length > 0 || request.repair)
      query = query.with('beyond', (qc) =>
        qc.deleteFrom('ticket_events').where('ticket_id', '=', request.ticketId).where('seq', '>', request.seq),
      ) as unknown as typeof query;
    if (request.events.length > 0) {
      query = query.with('inserted', (qc) =>
        qc
          .insertInto('ticket_events')
          .values(
            request.events.map((e) => ({
              ticket_id: request.ticketId,
              seq: e.seq,
              type: e.type,
              at: new Date(e.at),
              actor: JSON.stringify(e.actor),
              data: JSON.stringify(e.data),
            })),
          )
          .onConflict((oc) =>
            // Replaced only by a projection of the history's own (see above).
            oc.columns(['ticket_id', 'seq']).doUpdateSet({
              type: sql`excluded.type`,
              at: sql`excluded.at`,
              // Append-only for every other writer, so the table's type has no update for these two.
              ...({ actor: sql`excluded.actor`, data: sql`excluded.data` } as object),
            }),
          ),
      ) as unknown as typeof query;
      const links = vendorLinks(request);
      if (links.length > 0)
        query = query.with('linked', (qc) =>
          qc
            .insertInto('ticket_links')
            .values(links)
            .onConflict((oc) => oc.doNothing()),
        ) as unknown as typeof query;
    }
    // Notified from the row as it now stands: updated, or (a retried projection) as it was. A retried
    // projection notifies again, and subscribers drop what they have.
    await query
      .selectFrom(
        sql<{ number: string; process_key: string; group_key: string; seq: number }>`(
          select number, process_key, group_key, seq from updated
          union all
          select number, process_key, group_key, seq from tickets
          where id = ${request.ticketId} and not exists (select 1 from updated))`.as('row'),
      )
      .select(notice.as('notified'))
      .execute();
  }
}

/** The row's mark: the update not yet known stored, since its first projection; cleared without one. */
function unconfirmedMark(update: string | null) {
  if (update === null) return { unconfirmed_update: null, unconfirmed_since: null };
  return {
    unconfirmed_update: update,
    unconfirmed_since: sql<Date>`case when unconfirmed_update = ${update} then unconfirmed_since else now() end`,
  };
}

/** The vendor objects (by id and by key) that integration calls among these events linked to the
 * ticket: inbound webhooks (api/webhooks/) find the ticket by them. */
function vendorLinks(request: ProjectionRequest) {
  return request.events.flatMap((e) => {
    if (e.type !== 'integration_succeeded' || typeof e.data.system !== 'string') return [];
    const ids = new Set([e.data.id, e.data.key].filter((v): v is string => typeof v === 'string' && v !== ''));
    return [...ids].map((external_id) => ({
      system: e.data.system as string,
      external_id,
      ticket_id: request.ticketId,
    }));
  });
}

/**
 * What the projection could not store, on the ticket's timeline (in place of the first event it
 * lost) and as a flag on its row that operators list; the row moves on so later changes project.
 */
export async function recordProjectionFailure(db: Db, failure: ProjectionFailure): Promise<void> {
  const [first, last] = failure.seqs;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('ticket_events')
      .values({
        ticket_id: failure.ticketId,
        seq: first,
        type: 'projection_failed',
        at: new Date(failure.at),
        actor: JSON.stringify({ kind: 'system', cause: 'projection' } satisfies Actor),
        data: JSON.stringify({
          seqs: failure.seqs,
          code: failure.code,
          message: failure.message,
        } satisfies TimelineEventData['projection_failed']),
      })
      .onConflict((oc) => oc.columns(['ticket_id', 'seq']).doNothing())
      .execute();
    await trx
      .updateTable('tickets')
      .set({
        seq: last,
        projection_error: JSON.stringify({
          seq: first,
          code: failure.code,
          message: failure.message,
          at: new Date(failure.at).toISOString(),
        }),
        updated_at: new Date(),
      })
      .where('id', '=', failure.ticketId)
      .where('seq', '<=', last)
      .execute();
    await notifyTicketChanged(trx, failure.ticketId, { from: first, types: ['projection_failed'] });
  });
}

/**
 * SQLSTATE classes of errors in the data itself: 22 (data exception: U+0000, bad encoding, values out
 * of range), 23 (integrity constraints), 54 (program limits, e.g. a row too large). Anything else
 * (connections, locks, a server shutting down) is an outage that a retry may ride out.
 */
const DATA_ERROR_CLASSES = ['22', '23', '54'];

export function isDataError(error: unknown): error is { code: string; message: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.length === 5 && DATA_ERROR_CLASSES.includes(code.slice(0, 2));
}
