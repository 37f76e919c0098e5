// The board's done columns (tickets of a process done within the last days, by state): without it
// their counts read every done ticket of the state through tickets_state_idx, and done tickets are
// most of a help desk's. Partial on done tickets, with what the counts and visibility need riding along.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index tickets_board_done_idx on tickets (process_key, state, done_at desc)
    include (created_at, id, process_version, requester_id, assignee_id, group_key) where done_at is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index tickets_board_done_idx`.execute(db);
}
