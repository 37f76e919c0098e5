// The worker process: runs ticket workflows and activities until SIGINT/SIGTERM.
import { Connection } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { vendors } from '../activities/integrations/vendors.js';
import { databaseUrl, loadConfigOrExit, publicUrl, vendorSettings, webPushSettings } from '../platform/config.js';
import { createLogger } from '../platform/log.js';
import { createMailer } from '../platform/mail/mailer.js';
import { createDb } from '../platform/store/db.js';
import { temporalAddress } from './client.js';
import { setUpNamespace } from './setup.js';
import { createWorker, sdkLogger } from './worker.js';

const config = loadConfigOrExit();
const log = createLogger('worker', config.LOG_LEVEL);
Runtime.install({
  logger: sdkLogger(log),
  shutdownSignals: ['SIGINT', 'SIGTERM'],
  ...(config.WORKER_METRICS_ADDRESS && {
    telemetryOptions: { metrics: { prometheus: { bindAddress: config.WORKER_METRICS_ADDRESS } } },
  }),
});

const db = createDb(databaseUrl(config), {
  onConnectionLost: (error) => log.warn({ err: error }, 'a Postgres connection was lost'),
});
const mailer = config.SMTP_URL ? createMailer(config.SMTP_URL, config.MAIL_FROM) : undefined;
if (!mailer) log.warn('no SMTP_URL: notification mail is recorded as not configured, not sent');
const integrations = vendorSettings(config);
for (const { system, settings } of vendors)
  if (!integrations[system])
    log.info(`no ${settings.switchedOnBy}: ${system} integration actions are recorded as not configured`);
// Ctrl-C may arrive while the worker is still starting: that is a stop, not a crash.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => (stopping = true));

async function start() {
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
    publicUrl: publicUrl(config),
    ...(mailer && { mailer }),
    integrations,
    webPush: webPushSettings(config),
    maxCachedWorkflows: config.WORKER_CACHED_TICKETS,
    ...(config.WORKFLOW_BUNDLE && { workflowBundlePath: config.WORKFLOW_BUNDLE }),
  });
  return { connection, worker };
}

let started: Awaited<ReturnType<typeof start>>;
try {
  started = await start();
} catch (error) {
  await db.destroy();
  if (!stopping) throw error;
  log.info('stopped during start-up');
  process.exit(0);
}
log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE }, 'worker started');
try {
  await started.worker.run();
} finally {
  await started.connection.close();
  mailer?.close();
  await db.destroy();
  log.info('worker stopped');
}
