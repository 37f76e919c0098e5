// Indexes for the dashboard's reports (api/tickets/reports.ts) and the queue's lists they open: the
// tickets created in a period (every report reads that cohort; without it, a scan of all tickets) and
// the tickets whose SLA was met (the `MET` filter: partial, like those of at-risk and breached clocks).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index tickets_created_idx on tickets (created_at desc, id desc)`.execute(db);
  // The predicate is the very text of slaFilters.MET (platform/tickets/queries.ts): only then may the planner use it.
  await sql`create index tickets_sla_met_idx on tickets (created_at desc, id desc)
    where (slas <> '{}'::jsonb and not slas @? '$.* ? (@.status != "stopped" || @.breached == true)')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index tickets_sla_met_idx`.execute(db);
  await sql`drop index tickets_created_idx`.execute(db);
}
