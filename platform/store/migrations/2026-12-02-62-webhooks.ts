// Inbound webhooks (api/webhooks/): finding the ticket a vendor's event is about, and a record of every
// delivery. `ticket_links` maps a vendor object (a Jira issue's id and key, …) to the tickets an
// integration call linked it to; the projection writes a row when it projects `integration_succeeded`,
// and the backfill below adds those projected before. Objects a ticket names in a field (a Salesforce
// Case id, a CAD item urn typed in by the requester) are found by the fields themselves, which the GIN
// index makes an exact, indexed lookup (`fields @> '{"salesforce_case_id": "500…"}'`).
// `webhook_deliveries` keeps each delivery's outcome, refusals included, for admins to read.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table ticket_links (
      system text not null,
      external_id text not null,
      ticket_id uuid not null references tickets (id) on delete cascade,
      created_at timestamptz not null default now(),
      primary key (system, external_id, ticket_id)
    )`.execute(db);
  await sql`create index ticket_links_ticket_idx on ticket_links (ticket_id)`.execute(db);
  await sql`
    insert into ticket_links (system, external_id, ticket_id, created_at)
    select e.data ->> 'system', ids.external_id, e.ticket_id, e.at
    from ticket_events e
    cross join lateral (values (e.data ->> 'id'), (e.data ->> 'key')) as ids (external_id)
    where e.type = 'integration_succeeded' and e.data ->> 'system' is not null and ids.external_id <> ''
    on conflict do nothing`.execute(db);
  await sql`create index tickets_fields_idx on tickets using gin (fields jsonb_path_ops)`.execute(db);
  await sql`
    create table webhook_deliveries (
      id bigserial primary key,
      vendor text not null,
      event_id text,
      event_type text,
      outcome text not null check (outcome in ('accepted', 'duplicate', 'ignored', 'refused')),
      status integer not null,
      reason text,
      tickets text[] not null default '{}',
      received_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index webhook_deliveries_received_idx on webhook_deliveries (received_at desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table webhook_deliveries`.execute(db);
  await sql`drop index tickets_fields_idx`.execute(db);
  await sql`drop table ticket_links`.execute(db);
}
