// The HTTP application: health endpoints now, GraphQL and the web UI with later work.
import express, { type Express } from 'express';
import { sql } from 'kysely';
import type { Client } from '@temporalio/client';
import type { Logger } from '../platform/log.js';
import type { Db } from '../platform/store/db.js';
import type { Services } from './services.js';

export interface AppDeps {
  db: Db;
  temporal: Client;
  log: Logger;
  services: Services;
}

const CHECK_TIMEOUT_MS = 2000;

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');

  // Liveness: the process answers. Never checks dependencies, so a database outage restarts nothing.
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Readiness: Temporal and Postgres both answer.
  app.get('/readyz', async (_req, res) => {
    const [postgres, temporal] = await Promise.all([
      check(() => sql`select 1`.execute(deps.db)),
      check(() => deps.temporal.workflowService.getSystemInfo({})),
    ]);
    const ready = postgres === 'ok' && temporal === 'ok';
    if (!ready) deps.log.warn({ postgres, temporal }, 'not ready');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks: { postgres, temporal } });
  });

  return app;
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
