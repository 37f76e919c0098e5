// The API process: serves HTTP until SIGINT/SIGTERM.
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createApp } from './app.js';
import pg from 'pg';
import { createServices } from './services.js';
import { createApiMetrics } from './metrics.js';
import { createRateLimits, rateLimitSettings } from './auth/rate-limits.js';
import { authSecret } from './auth/secret.js';
import { createGraphQLServer } from './graphql/server.js';
import { startTicketEventSource } from './live/listener.js';
import { createDownloads } from './tickets/downloads.js';
import { startReadModelSweep } from '../platform/tickets/read-model.js';
import { builtWebApp } from './web/static.js';
import { pruneDeliveries } from './webhooks/deliveries.js';
import { databaseUrl, loadConfigOrExit, webhookSecrets, webPushSettings } from '../platform/config.js';
import { keptVapidKeys } from '../platform/push/keys.js';
import { createLogger } from '../platform/log.js';
import { createDb, migrateToLatest, survivesLostConnections } from '../platform/store/db.js';
import { CallTracker, temporalAddress, temporalConnectionOptions } from '../temporal/client.js';

const config = loadConfigOrExit();
const log = createLogger('api', config.LOG_LEVEL);
const db = createDb(databaseUrl(config), {
  onConnectionLost: (error) => log.warn({ err: error }, 'a Postgres connection was lost'),
});
// Several API replicas may start at once: kysely's migrator takes a lock.
const applied = await migrateToLatest(db);
if (applied.length) log.info({ applied }, 'migrated the database');
// Lazy: the API starts (and /readyz says why it is not ready) even while Temporal is still down.
const calls = new CallTracker();
const connection = Connection.lazy(temporalConnectionOptions(temporalAddress(config), calls));
const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });

const services = createServices(config, { db, temporal });
// The VAPID keys, made now if this is the first start (every replica and worker then reads the same).
const pushSettings = webPushSettings(config);
const webPush = { keys: keptVapidKeys(db, pushSettings), allowLocalEndpoints: pushSettings.allowLocalEndpoints };
await webPush.keys();
const metrics = createApiMetrics();
// The rate limit store speaks pg directly; a small pool of its own keeps it off kysely's.
const rateLimitPool = new pg.Pool({ connectionString: databaseUrl(config), max: 3 });
survivesLostConnections(rateLimitPool, (error) => log.warn({ err: error }, 'Postgres connection lost (rate limits)'));
// One LISTEN connection per replica feeds its subscriptions with every committed ticket change.
const live = await startTicketEventSource(databaseUrl(config), log);
const tokens = {
  secret: authSecret(config),
  accessTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
  refreshTtlDays: config.REFRESH_TOKEN_TTL_DAYS,
};
const graphql = createGraphQLServer({
  metrics,
  db,
  services,
  log,
  tokens,
  rateLimits: createRateLimits(rateLimitPool, rateLimitSettings(config), log),
  temporalUiUrl: `http://127.0.0.1:${config.TEMPORAL_UI_PORT}`,
  namespace: config.TEMPORAL_NAMESPACE,
  live,
  webPush,
  corsOrigins: config.CORS_ORIGINS,
  graphiql: config.GRAPHIQL,
  devMailPage: config.DEV_MAIL_PAGE,
});

// The web app, when built (npm start builds it; so does the Docker image).
const webDist = builtWebApp(join(import.meta.dirname, '..', 'web', 'dist'));
if (!webDist)
  log.warn('no web app build in web/dist: only the API is served (npm start or npm run build:web builds it)');

const server = createApp({
  db,
  temporal,
  log,
  services,
  graphql,
  downloads: createDownloads({ db, tokens, services, log, corsOrigins: config.CORS_ORIGINS }),
  metrics,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  webDist,
  webhooks: webhookSecrets(config),
  ...(config.DEV_MAIL_PAGE && { devMail: { dir: join(config.DATA_DIR, 'mail'), tokens } }),
}).listen(config.API_PORT, config.API_HOST, () => {
  log.info({ url: `http://${config.API_HOST}:${config.API_PORT}` }, 'api listening');
});

// Finishes creates that stopped between the ticket's row and its workflow (a crash, a Temporal outage).
const RECONCILE_EVERY_MS = 30_000;
const reconciler = setInterval(() => {
  services.tickets
    .reconcile()
    .then((numbers) => numbers.length && log.info({ numbers }, 'started the workflows of unfinished creates'))
    .catch((error: unknown) => log.warn({ err: error }, 'reconciling unfinished creates failed; trying again later'));
}, RECONCILE_EVERY_MS);

// Rows that show a change Temporal has not confirmed storing are checked against their workflows.
const sweep = startReadModelSweep(services.tickets, log);

// Webhook deliveries are kept for DELIVERY_RETENTION_DAYS; every replica prunes, which is harmless.
const pruner = setInterval(() => {
  pruneDeliveries(db)
    .then((removed) => removed && log.info({ removed }, 'pruned old webhook deliveries'))
    .catch((error: unknown) => log.warn({ err: error }, 'pruning webhook deliveries failed; trying again later'));
}, 60 * 60_000);

/** Longer than any call takes: a change waits at most 10 s for its answer. */
const DRAIN_MS = 12_000;
let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'api stopping');
  clearInterval(reconciler);
  clearInterval(pruner);
  await sweep.stop();
  server.close();
  server.closeAllConnections();
  // Changes under way get their answer (or UNAVAILABLE) before the connection goes.
  if (!(await calls.drain(DRAIN_MS))) log.warn('Temporal calls still under way at shutdown');
  // Live streams end and finish the reads they have under way before the database closes.
  await live.stop();
  await Promise.allSettled([connection.close(), db.destroy(), rateLimitPool.end()]);
  process.exit(0);
}
process.on('SIGINT', (s) => void shutdown(s));
process.on('SIGTERM', (s) => void shutdown(s));
