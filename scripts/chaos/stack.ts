// The servers `npm run chaos` runs for itself, never the machine's: a PostgreSQL in a temporary folder
// on a free port, a Temporal dev server on a SQLite file there, the mail catcher, the local vendors,
// the API as a process and worker processes, each a child that dies with this process. Each piece can
// be broken the way production breaks: a worker or the Temporal server killed outright (kill -9) and
// started again on the same file and port, PostgreSQL stopped and started on the same data folder.
// Everything started is stopped by `stop()`, whatever happened before (a failure, Ctrl-C).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { diesWithParent } from '../../platform/dies-with-parent.js';
import { startMailCatcher, type MailCatcher } from '../../platform/mail/catcher.js';
import { startEmbeddedPostgres, type RunningPostgres } from '../../platform/store/embedded-postgres.js';
import { resolveTemporalCli, startDevServer, type DevServer } from '../../temporal/dev-server.js';
import { setUpNamespace } from '../../temporal/setup.js';
import { freePort } from '../../test/support/ports.js';
import { startChaosVendors, type ChaosVendors } from './vendors.js';

const root = join(import.meta.dirname, '..', '..');
const NAMESPACE = 'ticketflow';
const TASK_QUEUE = 'tickets';

export interface Stack {
  scratch: string;
  databaseUrl: string;
  temporalAddress: string;
  temporal: Client;
  mail: MailCatcher;
  vendors: ChaosVendors;
  apiUrl: string;
  /** The worker processes running now. */
  workers: ChildProcess[];
  /** Our processes (the API, workers) that exited without being killed or stopped: each a crash. */
  crashes: string[];
  spawnWorker(): ChildProcess;
  /** kill -9 one worker process and wait until it is gone. */
  killWorker(worker: ChildProcess): Promise<void>;
  /** kill -9 the Temporal dev server, then start it again on the same file and port. */
  killTemporal(): Promise<void>;
  /** Stops PostgreSQL (fast shutdown) for `ms`, then starts it on the same data folder and port. */
  pausePostgres(ms: number): Promise<void>;
  stop(): Promise<void>;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A child of ours that gets SIGKILL when this process dies, in a process group of its own (Ctrl-C is
 * ours). One that exits by itself, not by our kill -9 or stop, is a crash: `crashes` gets its last words.
 */
function child(script: string, env: NodeJS.ProcessEnv, log: string, crashes: string[], stopping: () => boolean) {
  const [command, args] = diesWithParent(process.execPath, ['--import', 'tsx', join(root, script)], 'SIGKILL');
  const started = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  // Their warnings go to a log in the scratch folder's name, kept short: the progress lines are the output.
  let tail = '';
  started.stderr?.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000)));
  started.once('exit', (code, signal) => {
    if (stopping() || signal === 'SIGKILL') return;
    crashes.push(`${log} (pid ${started.pid}) exited by itself (${code ?? signal}): ${lastError(tail)}`);
  });
  return started;
}

/** The first line of the last error a process printed, or its last line. */
function lastError(output: string): string {
  const lines = output.split('\n').filter((line) => line.trim());
  const error = lines.findLast((line) => /^\w*Error\b|^error:/.test(line.trim()));
  return (error ?? lines.at(-1) ?? 'no output').trim().slice(0, 300);
}

function exited(process_: ChildProcess): Promise<void> {
  if (process_.exitCode !== null || process_.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => process_.once('exit', () => resolve()));
}

/**
 * Starts everything; `prepare` runs on the migrated-to-be database before the API and workers start
 * (the chaos run publishes its processes and people there).
 */
export async function startStack(
  say: (line: string) => void,
  prepare: (databaseUrl: string) => Promise<void>,
): Promise<Stack> {
  const scratch = mkdtempSync(join(tmpdir(), 'ticketflow-chaos-'));
  const stops: (() => Promise<unknown>)[] = [() => Promise.resolve(rmSync(scratch, { recursive: true, force: true }))];
  const crashes: string[] = [];
  let stopping = false;
  const stop = async () => {
    stopping = true;
    for (const step of stops.splice(0).reverse()) await step().catch(() => undefined);
  };
  try {
    const pgPort = await freePort();
    let postgres: RunningPostgres = await startEmbeddedPostgres({
      dataDir: scratch,
      port: pgPort,
      ownProcessGroup: true,
    });
    stops.push(async () => {
      await postgres.stop();
      // As root the data lives under /var/lib/ticketflow/<hash of the scratch folder>: ours alone.
      if (!postgres.dataDir.startsWith(scratch)) rmSync(dirname(postgres.dataDir), { recursive: true, force: true });
    });
    say(`PostgreSQL on port ${pgPort} (data in ${postgres.dataDir})`);
    await prepare(postgres.url);

    const devPort = await freePort();
    const dbFile = join(scratch, 'temporal.db');
    const cli = resolveTemporalCli();
    const startTemporal = () =>
      startDevServer({
        cli,
        dbFile,
        port: devPort,
        namespace: NAMESPACE,
        ownProcessGroup: true,
        readyTimeoutMs: 120_000,
      });
    let temporalServer: DevServer = await startTemporal();
    stops.push(() => temporalServer.stop());
    const connection = await Connection.connect({ address: temporalServer.address });
    stops.push(() => connection.close());
    await setUpNamespace(connection, NAMESPACE);
    const temporal = new Client({ connection, namespace: NAMESPACE });
    say(`Temporal dev server on ${temporalServer.address} (state in ${dbFile})`);

    const mail = await startMailCatcher();
    stops.push(() => mail.stop());
    const vendors = await startChaosVendors();
    stops.push(() => vendors.stop());
    say(`Mail catcher on ${mail.url}; vendors: ${vendors.names.join(', ')}`);

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: postgres.url,
      TEMPORAL_ADDRESS: temporalServer.address,
      TEMPORAL_NAMESPACE: NAMESPACE,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      TEMPORAL_SETUP: 'false',
      SMTP_URL: mail.url,
      MAIL_FROM: 'Ticketflow <ticketflow@chaos.test>',
      PUBLIC_URL: 'http://ticketflow.chaos.test',
      LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'error',
      ...vendors.env,
    };

    const apiPort = await freePort();
    const api = child(
      'api/main.ts',
      {
        ...env,
        API_HOST: '127.0.0.1',
        API_PORT: String(apiPort),
        DATA_DIR: join(scratch, 'api'),
        AUTH_SECRET: randomBytes(32).toString('hex'),
        ACCESS_TOKEN_TTL_SECONDS: '7200',
        GRAPHIQL: 'false',
        RATE_LIMIT_SIGNALS_PER_MINUTE: '100000',
        RATE_LIMIT_LOGIN_PER_MINUTE: '1000',
      },
      'the API',
      crashes,
      () => stopping,
    );
    stops.push(async () => {
      api.kill('SIGTERM');
      await Promise.race([exited(api), wait(15_000)]);
      api.kill('SIGKILL');
    });
    const apiUrl = `http://127.0.0.1:${apiPort}`;

    const workers: ChildProcess[] = [];
    stops.push(async () => {
      for (const worker of workers) worker.kill('SIGKILL');
      await Promise.all(workers.map(exited));
    });

    const stack: Stack = {
      scratch,
      databaseUrl: postgres.url,
      temporalAddress: temporalServer.address,
      temporal,
      mail,
      vendors,
      apiUrl,
      workers,
      crashes,
      spawnWorker() {
        const worker = child('temporal/worker-main.ts', env, 'a worker', crashes, () => stopping);
        workers.push(worker);
        worker.once('exit', () => {
          const at = workers.indexOf(worker);
          if (at >= 0) workers.splice(at, 1);
        });
        return worker;
      },
      async killWorker(worker) {
        worker.kill('SIGKILL');
        await exited(worker);
      },
      async killTemporal() {
        temporalServer.process.kill('SIGKILL');
        await exited(temporalServer.process);
        temporalServer = await startTemporal();
      },
      async pausePostgres(ms) {
        await postgres.stop();
        await wait(ms);
        postgres = await startEmbeddedPostgres({ dataDir: scratch, port: pgPort, ownProcessGroup: true });
      },
      stop,
    };
    await untilReady(apiUrl, api);
    return stack;
  } catch (error) {
    await stop();
    throw error;
  }
}

async function untilReady(url: string, api: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (api.exitCode !== null) throw new Error(`the API exited (${api.exitCode}) before it was ready`);
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`the API at ${url} was not ready within 120 s`);
    await wait(500);
  }
}
