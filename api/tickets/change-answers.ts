// The ticket a change answers with, without reading it again: the row read before the change, with
// what the change returned (the workflow's snapshot, once the read model has it, so the same values
// the row now holds). Who may see a ticket follows its group and assignee: when either changed, the
// row is read again, visibility and all. What the snapshot does not carry (updatedAt,
// projectionError) is read only when a client asks for it.
import type { Selectable } from 'kysely';
import type { Db } from '../../platform/store/db.js';
import type { TicketsTable } from '../../platform/store/schema.js';
import type { Person, TicketSnapshot } from '../../workflows/ticket/model.js';
import { findVisibleTicket } from '../../platform/tickets/queries.js';
import { readTicket } from '../../platform/tickets/store.js';
import { slaDueAt } from '../../platform/tickets/projection.js';

type TicketRow = Selectable<TicketsTable>;

/** Rows put together from a change's answer, and (once asked for) the row as stored. */
const answered = new WeakMap<TicketRow, { stored?: Promise<TicketRow> }>();

export async function afterChange(
  db: Db,
  person: Person,
  before: TicketRow,
  after: TicketSnapshot,
): Promise<TicketRow> {
  if (after.group !== before.group_key || after.assignee !== before.assignee_id)
    return findVisibleTicket(db, person, before.number);
  const row: TicketRow = {
    ...before,
    state: after.state,
    category: after.category,
    priority: after.priority,
    group_key: after.group,
    assignee_id: after.assignee,
    fields: after.fields,
    slas: after.slas,
    sla_due_at: slaDueAt(after),
    version: after.version,
  };
  answered.set(row, {});
  return row;
}

/** The ticket's row as stored: the row itself, unless it was put together from a change's answer. */
export function storedRow(db: Db, row: TicketRow): Promise<TicketRow> | TicketRow {
  const entry = answered.get(row);
  if (!entry) return row;
  return (entry.stored ??= readTicket(db, row.number));
}
