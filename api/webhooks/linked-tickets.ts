// The tickets a vendor object belongs to, found exactly and by index: tickets an integration call
// linked to it (ticket_links, written by the projection) and tickets whose process binds a field to
// the object's id (a Salesforce Case id in `salesforce_case_id`, a CAD item urn in `drawing`) and
// whose field holds it (tickets.fields has a GIN index for `@>`). An object may belong to several
// tickets (one drawing, two change requests): each gets the signal.
import { sql } from 'kysely';
import { vendorOf } from '../../activities/integrations/vendors.js';
import type { Db } from '../../platform/store/db.js';
import type { IntegrationSystem } from '../../workflows/process/vocabulary.js';

export interface LinkedTicket {
  id: string;
  number: string;
}

export async function findLinkedTickets(
  db: Db,
  system: IntegrationSystem,
  objectIds: string[],
): Promise<LinkedTicket[]> {
  const fields = await objectIdFields(db, system);
  return db
    .selectFrom('tickets')
    .select(['id', 'number'])
    .where((eb) =>
      eb.or([
        eb(
          'id',
          'in',
          eb
            .selectFrom('ticket_links')
            .select('ticket_id')
            .where('system', '=', system)
            .where('external_id', 'in', objectIds),
        ),
        ...fields.flatMap((field) =>
          objectIds.map((id) => sql<boolean>`fields @> ${JSON.stringify({ [field]: id })}::jsonb`),
        ),
      ]),
    )
    .orderBy('number')
    .execute();
}

/** The fields that any published process binds to an object id of `system` (an integration action's
 * input or output naming the object: the vendor's objectIds). */
async function objectIdFields(db: Db, system: IntegrationSystem): Promise<string[]> {
  const names = [...vendorOf(system).objectIds];
  const { rows } = await sql<{ field: string }>`
    select distinct binding.value #>> '{}' as field
    from process_versions pv
    cross join lateral jsonb_path_query(
      pv.definition, '$.** ? (@.kind == "integration" && @.system == $system)', jsonb_build_object('system', ${system}::text)
    ) as action (value)
    cross join lateral (
      select key, value from jsonb_each(coalesce(action.value -> 'input', '{}'))
      union all
      select key, value from jsonb_each(coalesce(action.value -> 'output', '{}'))
    ) as binding
    where binding.key = any(${names}::text[]) and jsonb_typeof(binding.value) = 'string'
      and binding.value #>> '{}' not like 'ticket.%'`.execute(db);
  return rows.map((r) => r.field);
}
