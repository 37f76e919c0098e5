// The reports' first response (api/tickets/reports.ts firstStaffReply) reads, for each ticket of the
// period, its earliest public `commented` event by staff. Through the events' primary key that is every
// event of every ticket, each fetched from the heap to test its type, visibility and actor. This
// partial index holds only public comments, in time order per ticket, with the actor beside them: the
// earliest staff reply is read from the index alone, stopping at the first that qualifies. Its
// predicate is the very text of the query's conditions, or the planner will not use it.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index ticket_events_public_comments_idx on ticket_events (ticket_id, at) include (actor)
    where type = 'commented' and data->>'visibility' = 'public'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index ticket_events_public_comments_idx`.execute(db);
}
