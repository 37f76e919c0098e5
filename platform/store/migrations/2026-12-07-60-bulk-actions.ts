// Bulk actions: one row per run (caller + the caller's bulk id, with the action it asked for), and one
// row per ticket whose outcome is settled (applied, refused, not found, unchanged). A retry under the
// same bulk id answers those from here and sends nothing twice; a ticket whose outcome was unknown (an
// outage) has no row, so a retry tries it again under the same derived update id.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table bulk_runs (
      caller text not null,
      bulk_id text not null check (length(bulk_id) between 1 and 200),
      action jsonb not null,
      created_at timestamptz not null default now(),
      primary key (caller, bulk_id)
    )`.execute(db);
  await sql`
    create table bulk_results (
      caller text not null,
      bulk_id text not null,
      number text not null,
      outcome text not null check (outcome in ('APPLIED', 'REFUSED', 'NOT_FOUND', 'UNCHANGED')),
      message text not null,
      primary key (caller, bulk_id, number),
      foreign key (caller, bulk_id) references bulk_runs (caller, bulk_id) on delete cascade
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table bulk_results`.execute(db);
  await sql`drop table bulk_runs`.execute(db);
}
