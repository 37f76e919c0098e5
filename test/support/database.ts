// Each test file gets its own fresh, migrated database on the test run's Postgres server, and drops
// it afterwards, so tests never touch a running system's data nor each other's.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, migrateToLatest, type Db } from '../../platform/store/db.js';

export interface TestDatabase {
  url: string;
  db: Db;
  drop(): Promise<void>;
}

/** The server URL: set by test/run.ts (TICKETFLOW_TEST_POSTGRES_URL), else TEST_DATABASE_URL / DATABASE_URL. */
function serverUrl(): string {
  const url = process.env.TICKETFLOW_TEST_POSTGRES_URL ?? process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('No Postgres for tests: run them with `npm test`, or set TEST_DATABASE_URL.');
  return url;
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `tf_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((client) => client.query(`create database ${name}`));
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), { max: 5 });
  if (options.migrate ?? true) await migrateToLatest(db);
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.destroy();
      await admin((client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}
