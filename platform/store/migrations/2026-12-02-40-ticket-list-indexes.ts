// Indexes for reading tickets at scale (100,000 and more), found by `npm run bench -- reads`, whose
// plans showed sequential scans of tickets: the board (open tickets of a process by state, newest
// first), lists filtered by state, by assignee, by words in the title (trigrams, pg_trgm) and by SLA
// clocks at risk or breached (partial: only those tickets), and the requesters of a person, which
// every visibility check of an employee or agent looks up.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // A trusted extension (PostgreSQL 13+): the database's owner may create it.
  await sql`create extension if not exists pg_trgm`.execute(db);
  // What a board counts and who may see it ride along: the counts need no visit to the table.
  await sql`create index tickets_board_idx on tickets (process_key, state, created_at desc, id desc)
    include (process_version, requester_id, assignee_id, group_key) where done_at is null`.execute(db);
  await sql`create index tickets_state_idx on tickets (state, created_at desc, id desc)`.execute(db);
  // Replaces (assignee_id, category): the same lookups, and a person's tickets newest first.
  await sql`drop index tickets_assignee_idx`.execute(db);
  await sql`create index tickets_assignee_idx on tickets (assignee_id, created_at desc, id desc)`.execute(db);
  await sql`create index tickets_title_trgm_idx on tickets using gin (title gin_trgm_ops)`.execute(db);
  // The predicates are the very text the SLA filter uses (platform/tickets/queries.ts): only then does the
  // planner know a query's rows are all in the index.
  await sql`create index tickets_sla_at_risk_idx on tickets (created_at desc, id desc)
    where slas @? '$.* ? (@.atRisk == true)'`.execute(db);
  await sql`create index tickets_sla_breached_idx on tickets (created_at desc, id desc)
    where slas @? '$.* ? (@.breached == true)'`.execute(db);
  await sql`create index requesters_user_idx on requesters (user_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of [
    'requesters_user_idx',
    'tickets_sla_breached_idx',
    'tickets_sla_at_risk_idx',
    'tickets_title_trgm_idx',
    'tickets_assignee_idx',
    'tickets_state_idx',
    'tickets_board_idx',
  ])
    await sql`drop index ${sql.id(index)}`.execute(db);
  await sql`create index tickets_assignee_idx on tickets (assignee_id, category)`.execute(db);
}
