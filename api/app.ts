// The HTTP application: health endpoints, GraphQL at /graphql, attachment downloads at /attachments/:id,
// vendors' webhooks at /webhooks/<vendor> (api/webhooks/), and the web app's built files (api/web/static.ts) at every other path.
import { devMailPages } from './web/dev-mail.js';
import express, { type Express, type Router } from 'express';
import { sql } from 'kysely';
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import type { WebhookSecrets } from '../platform/config.js';
import type { Logger } from '../platform/log.js';
import type { Db } from '../platform/store/db.js';
import type { ApiMetrics } from './metrics.js';
import type { Services } from './services.js';
import type { TokenSettings } from './auth/tokens.js';
import type { createGraphQLServer } from './graphql/server.js';
import { bodyErrors, graphqlBody } from './graphql/request-body.js';
import { webApp } from './web/static.js';
import { webhookRoutes } from './webhooks/routes.js';

type GraphQLServer = ReturnType<typeof createGraphQLServer>;

export interface AppDeps {
  db: Db;
  temporal: Client;
  log: Logger;
  services: Services;
  /** The ticket task queue, whose workers /readyz reports. */
  taskQueue: string;
  graphql: GraphQLServer;
  /** GET /attachments/:id (api/tickets/downloads.ts). */
  downloads: Router;
  metrics: ApiMetrics;
  /** The built web app's folder (web/dist); without one, only the API answers. */
  webDist?: string;
  /** Development: the mail catcher's folder, shown at /dev/mail to signed-in admins (checked with `tokens`). */
  devMail?: { dir: string; tokens: TokenSettings };
  /** The inbound webhooks' secrets; a vendor without one gets 404 at its endpoint. */
  webhooks?: WebhookSecrets;
}

const CHECK_TIMEOUT_MS = 2000;
/** A poller not seen for this long is gone: workers poll again at once after each long poll ends. */
const POLLER_SEEN_WITHIN_MS = 10_000;
const { TaskQueueKind, TaskQueueType } = proto.temporal.api.enums.v1;

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');

  // Liveness: the process answers. Never checks dependencies, so a database outage restarts nothing.
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Readiness: what the API itself needs, Temporal and Postgres, answers. Workers are reported, not
  // required: a worker outage must not take every API replica out of service.
  app.get('/readyz', async (_req, res) => {
    let pollers = 0;
    const [postgres, temporal, workers] = await Promise.all([
      check(() => sql`select 1`.execute(deps.db)),
      // With a deadline, the calls themselves end, not only our wait for them.
      check(() => withDeadline(deps, () => deps.temporal.workflowService.getSystemInfo({}))),
      check(async () => (pollers = await withDeadline(deps, () => recentPollers(deps)))),
    ]);
    const ready = postgres === 'ok' && temporal === 'ok';
    if (!ready) deps.log.warn({ postgres, temporal }, 'not ready');
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not ready',
      checks: { postgres, temporal },
      workers: { taskQueue: deps.taskQueue, ...(workers === 'ok' ? { pollers } : { pollers: null, error: workers }) },
    });
  });

  // For Prometheus; like /healthz, for the operator's network, not for the public internet.
  app.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });

  app.use(deps.downloads);
  app.use(webhookRoutes({ db: deps.db, log: deps.log, services: deps.services, secrets: deps.webhooks ?? {} }));

  // Every body but an upload is read here, bounded (api/graphql/request-body.ts); uploads pass through
  // to yoga, which bounds them itself (api/graphql/uploads.ts).
  app.use('/graphql', ...graphqlBody, deps.graphql.requestListener);
  app.use(bodyErrors);
  if (deps.devMail) app.use(devMailPages({ ...deps.devMail, db: deps.db, log: deps.log }));
  if (deps.webDist) app.use(webApp(deps.webDist));

  return app;
}

const withDeadline = <T>(deps: AppDeps, call: () => Promise<T>) =>
  deps.temporal.withDeadline(Date.now() + CHECK_TIMEOUT_MS, call);

/** Workers that polled the ticket task queue for workflow tasks within the last POLLER_SEEN_WITHIN_MS. */
async function recentPollers(deps: AppDeps): Promise<number> {
  const { pollers } = await deps.temporal.workflowService.describeTaskQueue({
    namespace: deps.temporal.options.namespace,
    taskQueue: { name: deps.taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  const since = Date.now() - POLLER_SEEN_WITHIN_MS;
  return (pollers ?? []).filter((p) => Number(p.lastAccessTime?.seconds ?? 0) * 1000 >= since).length;
}

async function check(probe: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    return 'ok';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}
