// `npm start`: the whole system on one machine. Starts what is not configured as external (an embedded
// PostgreSQL unless DATABASE_URL, a Temporal dev server unless TEMPORAL_ADDRESS), migrates and seeds
// the database, builds the web app if its sources changed, then runs the worker and the API (which
// serves the app) as child processes until Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { databaseUrl, loadConfigOrExit } from '../platform/config.js';
import { DEMO_PASSWORD, seedDemoData } from '../api/seed.js';
import { submitDemoTickets } from './demo-tickets.js';
import { startMailCatcher } from '../platform/mail/catcher.js';
import { createDb, migrateToLatest } from '../platform/store/db.js';
import {
  embeddedPostgresDataDir,
  startEmbeddedPostgres,
  type RunningPostgres,
} from '../platform/store/embedded-postgres.js';
import { temporalAddress } from '../temporal/client.js';
import { resolveTemporalCli, startDevServer, type DevServer } from '../temporal/dev-server.js';
import { setUpNamespace } from '../temporal/setup.js';
import { assertPortFree } from './ports.js';
import { diesWithParent } from '../platform/dies-with-parent.js';
import { buildWebAppIfChanged } from './web-build.js';
import {
  isAlive,
  isRecordedChild,
  readRecord,
  removeRecord,
  stopProcess,
  writeRecord,
  type StartRecord,
} from './start-record.js';

const config = loadConfigOrExit();
const say = (message: string) => process.stderr.write(`[ticketflow] ${message}\n`);
const stops: (() => Promise<void>)[] = [];
const children: ChildProcess[] = [];
let stopping = false;
const record: StartRecord = {
  pid: process.pid,
  api: `http://${config.API_HOST}:${config.API_PORT}`,
  ...(!config.TEMPORAL_ADDRESS && { temporalUi: `http://127.0.0.1:${config.TEMPORAL_UI_PORT}` }),
  children: {},
};
let recorded = false;

/** One `npm start` per DATA_DIR: refuses beside a live one; after a killed one, stops what it left running. */
async function claimDataDir(): Promise<void> {
  const previous = readRecord(config.DATA_DIR);
  if (previous && isAlive(previous.pid)) {
    const where = [`API ${previous.api}`, previous.temporalUi && `Temporal UI ${previous.temporalUi}`];
    throw new Error(
      `npm start is already running for ${config.DATA_DIR} (pid ${previous.pid}): ${where.filter(Boolean).join(', ')}. ` +
        `Use that one, or stop it first (Ctrl-C in its terminal, or kill ${previous.pid}), or set DATA_DIR to another folder.`,
    );
  }
  for (const [name, pid] of Object.entries(previous?.children ?? {})) {
    if (!isRecordedChild(pid, name)) continue;
    say(`Stopping the ${name} (pid ${pid}) left running by npm start (pid ${previous!.pid}), which is gone…`);
    // PostgreSQL: SIGINT is its fast shutdown; SIGTERM would wait for clients that will never leave.
    await stopProcess(pid, name === 'embedded PostgreSQL' ? 'SIGINT' : 'SIGTERM');
  }
  const needed: [string, number, string][] = [[config.API_HOST, config.API_PORT, 'API_PORT']];
  if (!config.TEMPORAL_ADDRESS)
    needed.push(
      ['127.0.0.1', config.TEMPORAL_DEV_PORT, 'TEMPORAL_DEV_PORT'],
      ['127.0.0.1', config.TEMPORAL_UI_PORT, 'TEMPORAL_UI_PORT'],
    );
  if (!config.DATABASE_URL) needed.push(['127.0.0.1', config.EMBEDDED_POSTGRES_PORT, 'EMBEDDED_POSTGRES_PORT']);
  if (!config.SMTP_URL) needed.push(['127.0.0.1', config.MAIL_CATCHER_PORT, 'MAIL_CATCHER_PORT']);
  for (const [host, port, variable] of needed) await assertPortFree(host, port, variable);
  writeRecord(config.DATA_DIR, record);
  recorded = true;
}

function recordChild(name: string, pid: number | undefined): void {
  if (pid === undefined) return;
  record.children[name] = pid;
  writeRecord(config.DATA_DIR, record);
}

async function main(): Promise<void> {
  mkdirSync(config.DATA_DIR, { recursive: true });
  await claimDataDir();
  // Vite builds while the servers start; the API, which serves the build, waits for it.
  const webBuild = buildWebAppIfChanged(say);
  webBuild.catch(() => undefined);

  let postgres: RunningPostgres | undefined;
  if (!config.DATABASE_URL) {
    say(
      `Starting embedded PostgreSQL on port ${config.EMBEDDED_POSTGRES_PORT} (data in ${embeddedPostgresDataDir(config.DATA_DIR)})…`,
    );
    postgres = await startEmbeddedPostgres({
      dataDir: config.DATA_DIR,
      port: config.EMBEDDED_POSTGRES_PORT,
      ownProcessGroup: true,
    });
    stops.unshift(() => postgres!.stop());
    recordChild('embedded PostgreSQL', postgres.process.pid);
  }
  const dbUrl = databaseUrl(config);
  const db = createDb(dbUrl, { max: 2 });
  /** A new database: its demo people were made just now, and get demo tickets once the system runs. */
  let newDemo = false;
  try {
    const applied = await migrateToLatest(db);
    say(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date.');
    if (config.SEED_DEMO_DATA) {
      const seeded = await seedDemoData(db);
      newDemo = seeded.createdPeople.length > 0;
      if (seeded.createdPeople.length)
        say(`Created demo people (development only; password "${DEMO_PASSWORD}"): ${seeded.createdPeople.join(', ')}`);
      if (seeded.publishedProcesses.length) say(`Published sample processes: ${seeded.publishedProcesses.join(', ')}`);
    }
  } finally {
    await db.destroy();
  }

  if (!config.TEMPORAL_ADDRESS) {
    const dbFile = join(config.DATA_DIR, 'temporal.db');
    say(`Starting Temporal dev server on port ${config.TEMPORAL_DEV_PORT} (state in ${dbFile})…`);
    const server: DevServer = await startDevServer({
      cli: resolveTemporalCli(config.TEMPORAL_CLI),
      dbFile,
      port: config.TEMPORAL_DEV_PORT,
      uiPort: config.TEMPORAL_UI_PORT,
      namespace: config.TEMPORAL_NAMESPACE,
      ownProcessGroup: true,
    });
    stops.unshift(() => server.stop());
    recordChild('Temporal dev server', server.process.pid);
    server.process.once('exit', (code) => void shutdown(`Temporal dev server exited (${code})`, 1));
  }
  const address = temporalAddress(config);
  if (config.TEMPORAL_SETUP) {
    const connection = await Connection.connect({ address });
    try {
      await setUpNamespace(connection, config.TEMPORAL_NAMESPACE);
    } finally {
      await connection.close();
    }
  }

  let smtpUrl = config.SMTP_URL;
  if (!smtpUrl) {
    const dir = join(config.DATA_DIR, 'mail');
    const catcher = await startMailCatcher({ port: config.MAIL_CATCHER_PORT, dir });
    stops.unshift(() => catcher.stop());
    smtpUrl = catcher.url;
    say(`Mail catcher on ${catcher.url} (no SMTP_URL): the mail sent is kept in ${dir}`);
  }

  // The children need not repeat the set-up done above.
  const env = {
    ...process.env,
    DATABASE_URL: dbUrl,
    TEMPORAL_ADDRESS: address,
    TEMPORAL_SETUP: 'false',
    SMTP_URL: smtpUrl,
    ...(!config.SMTP_URL && { DEV_MAIL_PAGE: 'true' }),
  };
  await webBuild;
  for (const [name, entry] of [
    ['worker', 'temporal/worker-main.ts'],
    ['api', 'api/main.ts'],
  ] as const) {
    // They die with this process even when it is killed outright (kill -9), and are recorded so that
    // the next start stops them where the kernel cannot see to it (platform/dies-with-parent.ts).
    const [command, args] = diesWithParent(process.execPath, ['--import', 'tsx', entry], 'SIGTERM');
    const child = spawn(command, args, { stdio: 'inherit', env });
    child.once('exit', (code, signal) => void shutdown(`${name} exited (${code ?? signal})`, 1));
    children.push(child);
    recordChild(name, child.pid);
  }

  say('Waiting for the API to be ready and a worker to poll…');
  await untilReady();
  if (stopping) return;
  say('Ready.');
  const demo = config.SEED_DEMO_DATA ? `  (e.g. erin.employee@example.com, password "${DEMO_PASSWORD}")` : '';
  say(`Web app:     http://${reachableHost()}:${config.API_PORT}/${demo}`);
  say(`API:         http://${config.API_HOST}:${config.API_PORT}  (readiness: /readyz)`);
  if (!config.TEMPORAL_ADDRESS) say(`Temporal UI: http://127.0.0.1:${config.TEMPORAL_UI_PORT}`);
  if (!config.SMTP_URL)
    say(
      `Mail sent:   http://${reachableHost()}:${config.API_PORT}/dev/mail  (development mail catcher; sign in as an admin first)`,
    );
  say('Press Ctrl-C to stop.');
  if (newDemo) await demoTickets();
}

/** The demo tickets of a first start; a failure is said and changes nothing else. */
async function demoTickets(): Promise<void> {
  try {
    const count = await submitDemoTickets(`http://${reachableHost()}:${config.API_PORT}`);
    if (!stopping) say(`Submitted ${count} demo tickets as erin.employee@example.com (development only).`);
  } catch (error) {
    if (!stopping) say(`Could not submit the demo tickets: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Where a browser on this machine reaches the API. */
const reachableHost = () => (config.API_HOST === '0.0.0.0' ? '127.0.0.1' : config.API_HOST);

/** Until /readyz answers ready and reports a worker polling the ticket task queue. */
async function untilReady(): Promise<void> {
  const url = `http://${reachableHost()}:${config.API_PORT}/readyz`;
  while (!stopping) {
    const body = await fetch(url)
      .then((r) => (r.ok ? (r.json() as Promise<{ workers?: { pollers?: number | null } }>) : undefined))
      .catch(() => undefined);
    if ((body?.workers?.pollers ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function shutdown(reason: string, exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say(`Stopping: ${reason}`);
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
  for (const stop of stops) await stop().catch((error: unknown) => say(`while stopping: ${String(error)}`));
  if (recorded) removeRecord(config.DATA_DIR);
  say('Stopped.');
  process.exit(exitCode);
}

// `on`, not `once`: Ctrl-C signals the whole process group, so a second copy may arrive via npm.
process.on('SIGINT', () => void shutdown('interrupted', 0));
process.on('SIGTERM', () => void shutdown('terminated', 0));
main().catch((error: unknown) => {
  say(`error: ${error instanceof Error ? error.message : String(error)}`);
  void shutdown('start-up failed', 1);
});
