// Builds the worker that runs ticket workflows and their activities. Used by the worker process and
// by tests that run workers in-process.
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { NativeConnection } from '@temporalio/worker';
import { bundleWorkflowCode, Worker, type Logger as SdkLogger, type LogMetadata } from '@temporalio/worker';
import type { WebPushSettings } from '../platform/config.js';
import type { Logger } from '../platform/log.js';
import type { Mailer } from '../platform/mail/mailer.js';
import type { Db } from '../platform/store/db.js';
import { createActivities } from '../activities/index.js';
import type { IntegrationSettings } from '../activities/integrations/registry.js';

export interface WorkerDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Db;
  log: Logger;
  /** Sends the notifications' mail; without one, mail is skipped as not configured. */
  mailer?: Mailer;
  /** The web app's address, for links in messages. */
  publicUrl: string;
  /** The vendors integration actions call; without settings a system is not configured. */
  integrations?: IntegrationSettings;
  /** How Web Push messages are signed (VAPID_*); unset, with the keys kept in Postgres. */
  webPush?: Pick<WebPushSettings, 'keys' | 'subject'>;
  /** Tickets kept in memory (WORKER_CACHED_TICKETS); 0 makes every task replay from history, which
   * tests use to prove determinism. */
  maxCachedWorkflows?: number;
  /** A workflow bundle built ahead (WORKFLOW_BUNDLE, bundle-workflows.ts): no bundling at start-up. */
  workflowBundlePath?: string;
}

const STICKY_TIMEOUT = '3 seconds';
const workflowsPath = createRequire(import.meta.url).resolve('../workflows/index.ts');

export async function createWorker(deps: WorkerDeps): Promise<Worker> {
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    ...(deps.workflowBundlePath ? { workflowBundle: { codePath: deps.workflowBundlePath } } : { workflowsPath }),
    activities: createActivities({
      db: deps.db,
      log: deps.log,
      publicUrl: deps.publicUrl,
      ...(deps.mailer && { mailer: deps.mailer }),
      ...(deps.integrations && { integrations: deps.integrations }),
      ...(deps.webPush && { webPush: deps.webPush }),
    }),
    // A ticket's next task waits this long for the worker that ran its last one before any worker may
    // take it: after a worker dies, its tickets answer again within seconds, not the default 10 s.
    stickyQueueScheduleToStartTimeout: STICKY_TIMEOUT,
    ...(deps.maxCachedWorkflows !== undefined && { maxCachedWorkflows: deps.maxCachedWorkflows }),
  });
}

/** Bundles the workflow code once, to hand to workers as WORKFLOW_BUNDLE (the Docker image, the tests). */
export async function writeWorkflowBundle(path: string): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: quietBundler });
  await writeFile(path, code);
}

// The bundler's webpack statistics are noise here; its warnings and errors are not.
const quiet = () => undefined;
const loud = (message: string) => process.stderr.write(`${message}\n`);
const quietBundler: SdkLogger = { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: loud, error: loud };

/** Routes the SDK's own logs (worker and workflow loggers) into our structured JSON log. */
export function sdkLogger(log: Logger): SdkLogger {
  const write = (level: 'trace' | 'debug' | 'info' | 'warn' | 'error') => (message: string, meta?: LogMetadata) => {
    // The bundler's webpack statistics (dozens of lines per start) are debugging detail.
    const detail = level === 'info' && message.startsWith('asset workflow-bundle');
    log[detail ? 'debug' : level](meta ?? {}, message);
  };
  return {
    log: (level, message, meta) => write(level.toLowerCase() as 'info')(message, meta),
    trace: write('trace'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  };
}
