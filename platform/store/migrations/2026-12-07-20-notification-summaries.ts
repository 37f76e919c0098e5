// The notification centre's one line per message (who did what on which ticket, a comment's opening
// words), written with the message. Messages from before it have none: readers show their subject.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table notifications add column summary text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table notifications drop column summary`.execute(db);
}
