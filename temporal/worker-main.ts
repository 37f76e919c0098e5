// The worker process: runs ticket workflows and activities until SIGINT/SIGTERM.
import { Connection } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { databaseUrl, loadConfigOrExit } from '../api/config.js';
import { createLogger } from '../api/log.js';
import { createDb } from '../api/store/db.js';
import { temporalAddress } from './client.js';
import { setUpNamespace } from './setup.js';
import { createWorker, sdkLogger } from './worker.js';

const config = loadConfigOrExit();
const log = createLogger('worker', config.LOG_LEVEL);
Runtime.install({ logger: sdkLogger(log), shutdownSignals: ['SIGINT', 'SIGTERM'] });

const db = createDb(databaseUrl(config), {
  onIdleError: (error) => log.warn({ err: error }, 'idle Postgres connection lost'),
});
const connection = await NativeConnection.connect({ address: temporalAddress(config) });
if (config.TEMPORAL_SETUP) {
  const client = await Connection.connect({ address: temporalAddress(config) });
  await setUpNamespace(client, config.TEMPORAL_NAMESPACE).finally(() => client.close());
}
const worker = await createWorker({
  connection,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  db,
  log,
});
log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE }, 'worker started');
try {
  await worker.run();
} finally {
  await connection.close();
  await db.destroy();
  log.info('worker stopped');
}
