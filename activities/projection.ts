// Projects a ticket's workflow into Postgres: the `tickets` row and the append-only `ticket_events`
// timeline. Idempotent: an event is keyed by (ticket, seq), and the row only moves forward in seq,
// so a retried or late projection never duplicates an event nor turns the row back.
import type { Db } from '../platform/store/db.js';
import type { TicketSnapshot, TimelineEvent } from '../workflows/ticket/model.js';

export interface ProjectionRequest {
  ticketId: string;
  ticket: TicketSnapshot;
  /** Sequence number of the last event the workflow has emitted. */
  seq: number;
  doneAt: number | null;
  events: TimelineEvent[];
}

export async function projectTicket(db: Db, request: ProjectionRequest): Promise<void> {
  const { ticket } = request;
  await db.transaction().execute(async (trx) => {
    if (request.events.length > 0) {
      await trx
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
        .onConflict((oc) => oc.columns(['ticket_id', 'seq']).doNothing())
        .execute();
    }
    await trx
      .updateTable('tickets')
      .set({
        state: ticket.state,
        category: ticket.category,
        priority: ticket.priority,
        group_key: ticket.group,
        assignee_id: ticket.assignee,
        fields: JSON.stringify(ticket.fields),
        slas: JSON.stringify(ticket.slas),
        version: ticket.version,
        seq: request.seq,
        done_at: request.doneAt === null ? null : new Date(request.doneAt),
        updated_at: new Date(),
      })
      .where('id', '=', request.ticketId)
      .where('seq', '<', request.seq)
      .execute();
  });
}
