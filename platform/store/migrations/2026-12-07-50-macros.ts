// Canned replies and macros, in one table: a canned reply (kind `reply`) is a text with placeholders an
// agent inserts into what they write; a macro (kind `macro`) is a reply and/or field values, a priority
// and a transition applied to a ticket as one change (platform/macros/). Each belongs to one group
// (its coordinators manage it, its staff use it) or to all (group_key null: admins manage it). A macro
// with fields or a transition names the process they are of.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table macros (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('reply', 'macro')),
      group_key text references groups (key) on delete cascade,
      process_key text,
      name text not null check (length(name) between 1 and 100),
      body text not null default '' check (length(body) <= 50000),
      reply_visibility text check (reply_visibility in ('public', 'internal')),
      fields jsonb not null default '{}',
      priority text,
      transition text,
      created_by uuid references users (id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (kind = 'macro' or (fields = '{}' and priority is null and transition is null))
    )`.execute(db);
  // One name per kind and scope: an agent picks them by name.
  await sql`create unique index macros_name_idx on macros (kind, coalesce(group_key, ''), lower(name))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table macros`.execute(db);
}
