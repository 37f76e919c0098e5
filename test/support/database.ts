// Each test file gets its own fresh, migrated database on the test run's Postgres server, and drops
// it afterwards, so tests never touch a running system's data nor each other's. Under `npm test` it is
// a copy of a template the run migrated (and seeded) once (test/run.ts): a copy takes milliseconds,
// where migrating and seeding (the demo people's password hashes) took seconds per test system.
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

/** The run's template databases (test/run.ts): migrated, and migrated and seeded with the demo data. */
export const TEMPLATE_ENV = {
  migrated: 'TICKETFLOW_TEST_MIGRATED_DB',
  seeded: 'TICKETFLOW_TEST_SEEDED_DB',
  /** The server they are on: a process of its own Postgres (the bench, a nested run) has none there. */
  server: 'TICKETFLOW_TEST_TEMPLATES_ON',
} as const;

/** Postgres refuses to copy a template while another session is connected to it (55006): a moment. */
async function createFrom(name: string, template: string | undefined): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin((client) => client.query(`create database ${name}${template ? ` template ${template}` : ''}`));
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/**
 * A database of the test's own: migrated (`migrate`, default true), and with the demo people, groups
 * and sample processes (`seeded`; api/seed.ts) — copied from the run's template when there is one.
 */
export async function createTestDatabase(
  options: { migrate?: boolean; seeded?: boolean } = {},
): Promise<TestDatabase & { seededFromTemplate: boolean }> {
  const name = `tf_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const migrate = options.migrate ?? true;
  const ours = process.env[TEMPLATE_ENV.server] === serverUrl();
  const template = !ours
    ? undefined
    : options.seeded
      ? process.env[TEMPLATE_ENV.seeded]
      : migrate
        ? process.env[TEMPLATE_ENV.migrated]
        : undefined;
  await createFrom(name, template);
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), { max: 5 });
  if (migrate && !template) await migrateToLatest(db);
  return {
    seededFromTemplate: Boolean(options.seeded && template),
    url: url.toString(),
    db,
    async drop() {
      await db.destroy();
      await admin((client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/**
 * The run's two templates (see TEMPLATE_ENV), made once before the test files start: test/run.ts sets
 * their names in the environment of the test processes and drops them afterwards.
 */
export async function createTemplateDatabases(
  seed: (db: Db) => Promise<unknown>,
): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const names = { migrated: `tf_tpl_${process.pid}_migrated`, seeded: `tf_tpl_${process.pid}_seeded` };
  for (const [kind, name] of Object.entries(names)) {
    await createFrom(name, undefined);
    const url = new URL(serverUrl());
    url.pathname = `/${name}`;
    const db = createDb(url.toString(), { max: 1 });
    try {
      await migrateToLatest(db);
      if (kind === 'seeded') await seed(db);
    } finally {
      await db.destroy();
    }
  }
  return {
    env: {
      [TEMPLATE_ENV.migrated]: names.migrated,
      [TEMPLATE_ENV.seeded]: names.seeded,
      [TEMPLATE_ENV.server]: serverUrl(),
    },
    async drop() {
      for (const name of Object.values(names))
        await admin((client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}
