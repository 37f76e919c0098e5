import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // One draft per process: what the admin is editing; it may be invalid while work is in progress.
  await db.schema
    .createTable('process_drafts')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('process_versions')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version > 0`))
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('process_versions_pkey', ['key', 'version'])
    .execute();

  // Published versions are immutable: running tickets interpret them for months.
  await sql`
    create function process_versions_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'published process versions are immutable (% v%)', old.key, old.version
        using errcode = 'integrity_constraint_violation';
    end $$`.execute(db);
  await sql`
    create trigger process_versions_immutable before update or delete on process_versions
    for each row execute function process_versions_immutable()`.execute(db);

  // Who did what as an admin, and refused moves: append-only.
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex('audit_log_subject_idx').on('audit_log').columns(['subject', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_log').execute();
  await db.schema.dropTable('process_versions').execute();
  await sql`drop function process_versions_immutable`.execute(db);
  await db.schema.dropTable('process_drafts').execute();
}
