// The test run's Temporal server: the dev server test/run.ts starts (TICKETFLOW_TEST_TEMPORAL_ADDRESS),
// or, when a test file runs on its own, one started here for this process.
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
