import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Ticket numbers per prefix (IT-000123): allocated in the transaction that records the ticket.
  await db.schema
    .createTable('ticket_counters')
    .addColumn('prefix', 'text', (c) => c.primaryKey())
    .addColumn('last', 'bigint', (c) => c.notNull())
    .execute();

  // The read model: static data written at creation, the rest projected from the workflow.
  await db.schema
    .createTable('tickets')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('idempotency_key', 'text', (c) => c.unique())
    .addColumn('process_key', 'text', (c) => c.notNull())
    .addColumn('process_version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('requester_id', 'uuid', (c) => c.notNull().references('requesters.id'))
    .addColumn('created_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('state', 'text')
    .addColumn('category', 'text')
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('group_key', 'text', (c) => c.notNull())
    .addColumn('assignee_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('fields', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('slas', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('done_at', 'timestamptz')
    .addForeignKeyConstraint('tickets_process_fkey', ['process_key', 'process_version'], 'process_versions', [
      'key',
      'version',
    ])
    .execute();
  await db.schema
    .createIndex('tickets_queue_idx')
    .on('tickets')
    .columns(['group_key', 'category', 'priority'])
    .execute();
  await db.schema.createIndex('tickets_assignee_idx').on('tickets').columns(['assignee_id', 'category']).execute();
  await db.schema.createIndex('tickets_requester_idx').on('tickets').column('requester_id').execute();

  // Texts that never enter workflow history: descriptions and long-text field values.
  await db.schema
    .createTable('ticket_texts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('ticket_id', 'uuid', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // The timeline: append-only, one row per workflow event; (ticket, seq) makes projection idempotent.
  await db.schema
    .createTable('ticket_events')
    .addColumn('ticket_id', 'uuid', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor', 'jsonb', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_events_pkey', ['ticket_id', 'seq'])
    .execute();

  await db.schema
    .createTable('comments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('ticket_id', 'uuid', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('author_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('visibility', 'text', (c) => c.notNull().check(sql`visibility in ('public', 'internal')`))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('comments_ticket_idx').on('comments').columns(['ticket_id', 'created_at']).execute();

  // Metadata here, bytes on disk under DATA_DIR; only ids ever enter a workflow.
  await db.schema
    .createTable('attachments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('ticket_id', 'uuid', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_path', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Round-robin: the cursor per group, and each decision keyed by ticket + state entry so a retried
  // activity returns the same assignee.
  await db.schema
    .createTable('round_robin_cursors')
    .addColumn('group_id', 'uuid', (c) => c.primaryKey().references('groups.id').onDelete('cascade'))
    .addColumn('last_position', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('assignments')
    .addColumn('ticket_id', 'uuid', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('entry', 'integer', (c) => c.notNull())
    .addColumn('group_id', 'uuid', (c) => c.notNull().references('groups.id'))
    .addColumn('user_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('assignments_pkey', ['ticket_id', 'entry'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'assignments',
    'round_robin_cursors',
    'attachments',
    'comments',
    'ticket_events',
    'ticket_texts',
    'tickets',
    'ticket_counters',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
