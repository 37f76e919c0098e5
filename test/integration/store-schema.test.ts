// platform/store/schema.ts declares the row types kysely checks every query against, by hand; the
// migrations make the real tables. This runs every migration on an empty database and compares the two,
// table by table and column by column: the same tables, the same columns, the same nullability, and a
// coarse type that agrees (text and uuid are strings, integers numbers, timestamptz a Date, jsonb any
// object). A column added to a migration and not to schema.ts fails here, and so does the reverse.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../../platform/store/db.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { declaredTables, type DeclaredColumn, type Kind } from '../support/store-types.js';

/** Tables the migrations make that kysely never queries, with the reason. */
const notInSchema: Record<string, string> = {
  kysely_migration: "kysely's record of the migrations that ran",
  kysely_migration_lock: "kysely's lock while migrations run",
  rate_limits: "rate-limiter-flexible's store (api/auth/rate-limits.ts), which reads and writes it by its own SQL",
};

/** What node-postgres gives for a column of each PostgreSQL type, as the code sets it up. */
function kindOfColumn(dataType: string, udtName: string): Kind | undefined {
  switch (dataType) {
    case 'text':
    case 'character varying':
    case 'character':
    case 'uuid':
    // Search documents (ticket_search) come back as their text form, when read at all.
    case 'tsvector':
      return 'string';
    case 'smallint':
    case 'integer':
      return 'number';
    // platform/store/db.ts parses int8 as a number (counters and sequences stay far below 2^53);
    // node-postgres would give a string without it. The test below checks the parser is in place.
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'timestamp with time zone':
    case 'timestamp without time zone':
    case 'date':
      return 'Date';
    case 'json':
    case 'jsonb':
      return 'json';
    case 'ARRAY':
      return ({ _text: 'string[]', _varchar: 'string[]', _uuid: 'string[]', _int4: 'number[]' } as const)[
        udtName as '_text'
      ];
    default:
      return undefined;
  }
}

/** JSON may hold any value that is not a primitive of its own: an object, a list, or what schema.ts leaves unknown. */
const agrees = (database: Kind, declared: Kind) =>
  database === declared || (database === 'json' && ['json', 'string[]', 'number[]'].includes(declared));

interface DatabaseColumn {
  table_name: string;
  column_name: string;
  is_nullable: 'YES' | 'NO';
  data_type: string;
  udt_name: string;
}

describe('platform/store/schema.ts against the migrations', () => {
  let database: TestDatabase;
  let columns: DatabaseColumn[];
  const declared = declaredTables();

  before(async () => {
    // An empty database, not the run's migrated template: every migration runs here.
    database = await createTestDatabase({ migrate: false });
    await migrateToLatest(database.db);
    const { rows } = await sql<DatabaseColumn>`
      select c.table_name, c.column_name, c.is_nullable, c.data_type, c.udt_name
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
      order by c.table_name, c.ordinal_position`.execute(database.db);
    columns = rows;
  });
  after(async () => {
    await database?.drop();
  });

  it('declares every table the migrations make, and no other', () => {
    const made = new Set(columns.map((c) => c.table_name));
    const missing = [...made].filter((table) => !declared.has(table) && !(table in notInSchema));
    const extra = [...declared.keys()].filter((table) => !made.has(table));
    const stale = Object.keys(notInSchema).filter((table) => !made.has(table) || declared.has(table));
    assert.deepEqual(
      { missing, extra, stale },
      { missing: [], extra: [], stale: [] },
      'missing: tables the migrations make that the Database interface of schema.ts lacks; extra: tables it ' +
        'declares that no migration makes; stale: entries of notInSchema that are not (only) in the database',
    );
  });

  it('declares every column with its nullability and a type that agrees', () => {
    const problems: string[] = [];
    const byTable = new Map<string, DatabaseColumn[]>();
    for (const column of columns) byTable.set(column.table_name, [...(byTable.get(column.table_name) ?? []), column]);
    for (const [table, made] of byTable) {
      const types = declared.get(table);
      if (!types) continue; // the test above speaks of whole tables
      for (const column of made) {
        const where = `${table}.${column.column_name}`;
        const type: DeclaredColumn | undefined = types.get(column.column_name);
        const kind = kindOfColumn(column.data_type, column.udt_name);
        const nullable = column.is_nullable === 'YES';
        const sqlType = column.data_type === 'ARRAY' ? column.udt_name : column.data_type;
        if (!type) problems.push(`${where} (${sqlType}${nullable ? ', nullable' : ''}): not in schema.ts`);
        else if (!kind) problems.push(`${where}: ${sqlType} has no mapping in this test; add one`);
        else {
          if (!agrees(kind, type.kind))
            problems.push(`${where}: ${sqlType} is a ${kind} in JavaScript, schema.ts says ${type.text}`);
          if (nullable !== type.nullable)
            problems.push(
              `${where}: ${nullable ? 'nullable' : 'not null'} in the database, schema.ts says ${type.text}`,
            );
        }
      }
      const names = new Set(made.map((c) => c.column_name));
      for (const [name, type] of types)
        if (!names.has(name)) problems.push(`${table}.${name} (${type.text}): in schema.ts, not in the migrations`);
    }
    assert.deepEqual(problems, [], `schema.ts and the migrations disagree:\n  ${problems.join('\n  ')}`);
  });

  it('reads bigint columns as numbers, as schema.ts types them', async () => {
    assert.equal(pg.types.getTypeParser(pg.types.builtins.INT8)('9007199254740991'), Number.MAX_SAFE_INTEGER);
    const { rows } = await sql<{ last: unknown }>`select 42::bigint as last`.execute(database.db);
    assert.equal(rows[0]!.last, 42);
  });
});
