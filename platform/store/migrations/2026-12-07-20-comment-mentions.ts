// The staff an internal note mentions (platform/tickets/mentions.ts), by user id: resolved once, when the
// note is written, so the comment shows whom it notified even after people change groups.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table comments add column mention_ids uuid[] not null default '{}'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table comments drop column mention_ids`.execute(db);
}
