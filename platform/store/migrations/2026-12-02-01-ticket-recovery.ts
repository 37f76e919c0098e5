import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('tickets')
    // The workflow's start arguments (the definition by key and version), kept from the row's insert until
    // the workflow is known to run: what the reconciler needs to finish a create that stopped halfway.
    .addColumn('start_input', 'jsonb')
    // Set when the projection met data that Postgres refuses: the workflow carries on, an operator looks.
    .addColumn('projection_error', 'jsonb')
    .execute();
  await db.schema
    .createIndex('tickets_unstarted_idx')
    .on('tickets')
    .column('created_at')
    .where(sql.ref('start_input'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('tickets_projection_error_idx')
    .on('tickets')
    .column('updated_at')
    .where(sql.ref('projection_error'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('tickets_projection_error_idx').execute();
  await db.schema.dropIndex('tickets_unstarted_idx').execute();
  await db.schema.alterTable('tickets').dropColumn('start_input').dropColumn('projection_error').execute();
}
