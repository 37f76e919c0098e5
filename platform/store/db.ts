// The Postgres connection (kysely over pg) and the migration runner.
import { Kysely, PostgresDialect } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import pg from 'pg';
import type { Database } from './schema.js';
import { migrations } from './migrations/index.js';

export type Db = Kysely<Database>;

// bigint columns (counters, sequences) come back as JS numbers: they stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export function createDb(
  connectionString: string,
  options: { max?: number; onConnectionLost?: (error: Error) => void } = {},
): Db {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
  survivesLostConnections(pool, options.onConnectionLost ?? (() => {}));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Keeps a connection that the server closes (a restart, a failover, an administrator) from crashing
 * the process: pg emits 'error' on a connection that is lost while no query runs on it, and a pool
 * listens only on its idle ones. A connection checked out between two statements (in a transaction,
 * or taken for a query not yet sent) had no listener, so stopping Postgres could kill the API and the
 * workers. Now every connection has one; the lost one fails its next statement, and the pool drops it
 * when it comes back.
 */
export function survivesLostConnections(pool: pg.Pool, onError: (error: Error) => void): void {
  pool.on('error', onError); // an idle connection: the pool drops it
  pool.on('connect', (client) => client.on('error', onError));
}

/** Applies every pending migration; safe to run from several processes at once (kysely takes a lock). */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async (): Promise<Record<string, Migration>> => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
