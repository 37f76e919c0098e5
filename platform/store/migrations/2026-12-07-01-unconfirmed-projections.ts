// A ticket's row marked with the update whose workflow task projected it before the Temporal server had
// stored that task: until the task is known stored (the update's answer, or a later task's projection),
// the row may show a change its workflow never kept. The partial index keeps the sweep that checks old
// marks off the rest of the table: only rows in that window are in it.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table tickets add column unconfirmed_update text, add column unconfirmed_since timestamptz`.execute(
    db,
  );
  await sql`create index tickets_unconfirmed_idx on tickets (unconfirmed_since) where unconfirmed_since is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index tickets_unconfirmed_idx`.execute(db);
  await sql`alter table tickets drop column unconfirmed_update, drop column unconfirmed_since`.execute(db);
}
