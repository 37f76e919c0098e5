// Notifications: one row per (side effect, recipient, channel), written before anything is sent, so a
// retried or replayed activity finds the row and never sends twice; and each person's preferences.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table notifications (
      id uuid primary key default gen_random_uuid(),
      ticket_id uuid not null references tickets (id) on delete cascade,
      ticket_number text not null,
      effect_id text not null,
      event_seq integer not null,
      event text not null,
      template text not null,
      recipient_key text not null,
      recipient_id uuid references users (id) on delete set null,
      recipient_name text not null,
      recipient_email text not null,
      channel text not null check (channel in ('email', 'in_app')),
      subject text not null,
      body text not null,
      html text not null default '',
      status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
      message_id text not null unique,
      error text,
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      read_at timestamptz,
      unique (effect_id, recipient_key, channel)
    )`.execute(db);
  await sql`create index notifications_inbox_idx on notifications (recipient_id, created_at desc) where channel = 'in_app'`.execute(
    db,
  );
  await sql`create index notifications_ticket_idx on notifications (ticket_id, created_at)`.execute(db);
  await sql`
    create table notification_preferences (
      user_id uuid not null references users (id) on delete cascade,
      event text not null,
      channel text not null,
      enabled boolean not null,
      primary key (user_id, event, channel)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table notification_preferences`.execute(db);
  await sql`drop table notifications`.execute(db);
}
