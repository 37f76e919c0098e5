// The test run's Temporal server: the dev server test/run.ts starts (TICKETFLOW_TEST_TEMPORAL_ADDRESS),
// or, when a test file runs on its own, one started here for this process; and dev servers of a test's
// own, for tests that kill them.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { resolveTemporalCli, startDevServer, type DevServer } from '../../temporal/dev-server.js';
import { setUpNamespace } from '../../temporal/setup.js';
import { freePort } from './ports.js';

export const TEST_NAMESPACE = 'ticketflow-test';

let own: Promise<DevServer> | undefined;

export async function testTemporalAddress(): Promise<string> {
  const shared = process.env.TICKETFLOW_TEST_TEMPORAL_ADDRESS;
  if (shared) return shared;
  own ??= (async () => {
    const server = await startDevServer({
      cli: resolveTemporalCli(),
      port: await freePort(),
      namespace: TEST_NAMESPACE,
    });
    const connection = await Connection.connect({ address: server.address });
    await setUpNamespace(connection, TEST_NAMESPACE);
    await connection.close();
    process.once('exit', () => server.process.kill('SIGKILL'));
    return server;
  })();
  return (await own).address;
}

/**
 * A dev server of the test's own, with its state in a file, for tests that kill it: `kill()` SIGKILLs it
 * and waits until it is gone, `restart()` starts it again on the same port and file. `cleanups` gets
 * what stops it and removes its folder.
 */
export async function startKillableDevServer(cleanups: (() => Promise<void>)[]) {
  const dataDir = mkdtempSync(join(tmpdir(), 'ticketflow-temporal-'));
  chmodSync(dataDir, 0o755);
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const options = {
    cli: resolveTemporalCli(),
    port: await freePort(),
    namespace: TEST_NAMESPACE,
    dbFile: join(dataDir, 'temporal.db'),
  };
  let server = await startDevServer(options);
  cleanups.push(() => server.stop());
  const connection = await Connection.connect({ address: server.address });
  await setUpNamespace(connection, TEST_NAMESPACE);
  await connection.close();
  return {
    address: server.address,
    async kill() {
      server.process.kill('SIGKILL');
      await new Promise((resolve) => server.process.once('exit', resolve));
    },
    async restart() {
      server = await startDevServer(options);
    },
  };
}
