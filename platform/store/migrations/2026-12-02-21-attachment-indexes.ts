// Attachments are read by ticket (Ticket.attachments) and by content (a refused upload removes its
// bytes only when no other attachment shares them): an index for each.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index attachments_ticket_idx on attachments (ticket_id, created_at)`.execute(db);
  await sql`create index attachments_sha256_idx on attachments (sha256)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index attachments_sha256_idx`.execute(db);
  await sql`drop index attachments_ticket_idx`.execute(db);
}
