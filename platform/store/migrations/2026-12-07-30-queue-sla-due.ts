// The queue (issue 18) sorts tickets by the SLA deadline that comes first: a column of its own,
// `sla_due_at` (the earliest deadline of the ticket's running clocks; null when none runs or none has a
// deadline yet), that the projection writes beside `slas` and this migration fills from `slas` for the
// tickets there are. Indexes for the queue's sorts of open tickets, as platform/queue/queue-query.ts
// orders them (the expressions must be the very same text for the planner to use them).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table tickets add column sla_due_at timestamptz`.execute(db);
  await sql`
    update tickets set sla_due_at = (
      select min(to_timestamp((clock->>'deadline')::double precision / 1000))
      from jsonb_each(tickets.slas) as each(key, clock)
      where clock->>'status' = 'running' and jsonb_typeof(clock->'deadline') = 'number'
    )
    where slas <> '{}'::jsonb`.execute(db);
  await sql`create index tickets_queue_sla_idx on tickets (sla_due_at asc nulls last, id asc)
    where done_at is null`.execute(db);
  await sql`create index tickets_queue_priority_idx on tickets (
    (case priority when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end) asc,
    created_at desc, id desc) where done_at is null`.execute(db);
  await sql`create index tickets_queue_updated_idx on tickets (updated_at desc, id desc) where done_at is null`.execute(
    db,
  );
  await sql`create index tickets_queue_created_idx on tickets (created_at desc, id desc) where done_at is null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of [
    'tickets_queue_created_idx',
    'tickets_queue_updated_idx',
    'tickets_queue_priority_idx',
    'tickets_queue_sla_idx',
  ])
    await sql`drop index ${sql.id(index)}`.execute(db);
  await sql`alter table tickets drop column sla_due_at`.execute(db);
}
