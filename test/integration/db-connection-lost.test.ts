// A Postgres connection lost while the pool has lent it out (between two statements of a transaction,
// say) must fail that work, not the process: stopping or restarting Postgres used to kill the API and
// the workers with an unhandled 'error' event (found by `npm run chaos`). The server ends the
// connection here as it does when it shuts down (pg_terminate_backend: 57P01).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createDb, type Db } from '../../platform/store/db.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

describe('a Postgres connection lost while in use', () => {
  let database: TestDatabase;
  let db: Db;
  const lost: Error[] = [];
  before(async () => {
    database = await createTestDatabase({ migrate: false });
    db = createDb(database.url, { max: 2, onConnectionLost: (error) => lost.push(error) });
  });
  after(async () => {
    await db.destroy();
    await database.drop();
  });

  it('fails the transaction that held it, and the pool goes on with a new one', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let backend: number | undefined;
    const transaction = db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
      backend = rows[0]!.pid;
      await held; // the connection is lent out, no statement running on it
      await sql`select 1`.execute(trx);
    });
    const failed = assert.rejects(transaction);
    while (backend === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
    await sql`select pg_terminate_backend(${backend})`.execute(database.db);
    while (lost.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.match(String(lost[0]), /terminating connection/);
    release();
    await failed;
    const { rows } = await sql<{ ok: number }>`select 1 as ok`.execute(db);
    assert.deepEqual(rows, [{ ok: 1 }], 'the next statement gets a working connection');
  });
});
