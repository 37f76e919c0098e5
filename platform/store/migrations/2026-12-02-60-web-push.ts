// Web Push: the VAPID key pair every API replica and worker signs with (one row, made at first start,
// so no replica makes another), the browsers people opted in from, and one row per (notification,
// browser) once the push service answered — what makes a retried send skip the browsers already
// reached. Notifications gain the `push` channel: one row per person, sent to each of their browsers.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table notifications drop constraint notifications_channel_check`.execute(db);
  await sql`alter table notifications add constraint notifications_channel_check
    check (channel in ('email', 'in_app', 'push'))`.execute(db);
  await sql`
    create table web_push_keys (
      id boolean primary key default true check (id),
      public_key text not null,
      private_key text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table push_subscriptions (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id) on delete cascade,
      endpoint text not null unique,
      p256dh text not null,
      auth text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index push_subscriptions_user_idx on push_subscriptions (user_id)`.execute(db);
  await sql`
    create table push_deliveries (
      notification_id uuid not null references notifications (id) on delete cascade,
      subscription_id uuid not null references push_subscriptions (id) on delete cascade,
      status text not null check (status in ('delivered', 'refused')),
      error text,
      at timestamptz not null default now(),
      primary key (notification_id, subscription_id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table push_deliveries`.execute(db);
  await sql`drop table push_subscriptions`.execute(db);
  await sql`drop table web_push_keys`.execute(db);
  await sql`delete from notifications where channel = 'push'`.execute(db);
  await sql`alter table notifications drop constraint notifications_channel_check`.execute(db);
  await sql`alter table notifications add constraint notifications_channel_check
    check (channel in ('email', 'in_app'))`.execute(db);
}
