// Saved views of the queue (issue 18): a name, a ticket filter, a sort and the columns shown. A view is
// a person's own (owner_user_id) or shared with a group (group_key), never both; shared ones are made by
// that group's coordinators and admins (checked by platform/queue/views.ts). Each person's default view
// (where they land after sign-in) is a row of queue_preferences: a saved view's id or a built-in's key.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table saved_views (
      id uuid primary key default gen_random_uuid(),
      name text not null check (length(name) between 1 and 80),
      owner_user_id uuid references users (id) on delete cascade,
      group_key text references groups (key) on delete cascade,
      filter jsonb not null default '{}'::jsonb,
      sort text not null check (sort in ('SLA', 'PRIORITY', 'UPDATED', 'CREATED')),
      columns jsonb not null default '[]'::jsonb,
      created_by uuid references users (id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((owner_user_id is null) <> (group_key is null))
    )`.execute(db);
  // One name per owner and per group: a list of views that says the same name twice says nothing.
  await sql`create unique index saved_views_owner_name_idx on saved_views (owner_user_id, lower(name))
    where owner_user_id is not null`.execute(db);
  await sql`create unique index saved_views_group_name_idx on saved_views (group_key, lower(name))
    where group_key is not null`.execute(db);
  await sql`
    create table queue_preferences (
      user_id uuid primary key references users (id) on delete cascade,
      default_view text not null check (length(default_view) <= 100),
      updated_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table queue_preferences`.execute(db);
  await sql`drop table saved_views`.execute(db);
}
