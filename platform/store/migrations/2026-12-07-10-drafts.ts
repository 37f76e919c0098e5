// Drafts: what a person has typed on a ticket and not sent yet (a reply, an internal note, a
// transition's fields), one row per (person, ticket, slot), so it follows them to another device and
// survives a reload, a lost race or a restart. The value is JSON, at most 64 KB (checked by the
// service, and here as a last guard); a draft saved empty is removed, as are drafts of tickets gone.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table ticket_drafts (
      user_id uuid not null references users (id) on delete cascade,
      ticket_id uuid not null references tickets (id) on delete cascade,
      slot text not null check (length(slot) <= 100 and slot ~ '^[a-z][a-z0-9_-]*(:[a-z][a-z0-9_-]*)?$'),
      value jsonb not null check (octet_length(value::text) <= 65536 * 2),
      updated_at timestamptz not null default now(),
      primary key (user_id, ticket_id, slot)
    )`.execute(db);
  // Pruning finds a person's stale drafts, and a ticket's drafts when it is removed.
  await sql`create index ticket_drafts_ticket_idx on ticket_drafts (ticket_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table ticket_drafts`.execute(db);
}
