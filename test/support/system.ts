// A running Ticketflow for a test file: its own database (seeded with the demo people, groups and
// sample processes), the shared Temporal dev server with a task queue of its own, an in-process worker
// and the ticket service the API uses.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { IntegrationSettings } from '../../activities/integrations/registry.js';
import { snapshotColumns } from '../../platform/tickets/projection.js';
import { AppError } from '../../platform/errors.js';
import { createLogger } from '../../platform/log.js';
import { createMailer } from '../../platform/mail/mailer.js';
import { withGroups } from '../../platform/tickets/access.js';
import { getUserByEmail } from '../../platform/people/users.js';
import { seedDemoData } from '../../api/seed.js';
import type { AttachmentLimits } from '../../platform/tickets/attachments.js';
import { createTicketService, type TicketService } from '../../platform/tickets/service.js';
import { CallTracker, temporalConnectionOptions } from '../../temporal/client.js';
import { setUpNamespace } from '../../temporal/setup.js';
import { createWorker, sdkLogger } from '../../temporal/worker.js';
import type { Person } from '../../workflows/ticket/model.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { TEST_NAMESPACE, testTemporalAddress } from './temporal.js';

export interface TestSystem extends TestDatabase {
  dataDir: string;
  temporal: Client;
  address: string;
  namespace: string;
  taskQueue: string;
  /** The mail server the workers send through (TestSystemOptions.smtpUrl), for worker processes too. */
  smtpUrl?: string;
  tickets: TicketService;
  /** A seeded person by email, as the API passes them to the ticket service (with their groups). */
  person(email: string): Promise<Person>;
  startWorker(options?: { maxCachedWorkflows?: number }): Promise<Worker>;
  /** Shuts down the in-process workers (e.g. to hold updates in flight). */
  stopWorkers(): Promise<void>;
  stop(): Promise<void>;
}

let runtimeInstalled = false;

/** Longer than any call of the ticket service takes (a change waits at most 10 s), as the API's shutdown. */
const DRAIN_MS = 12_000;

export interface TestSystemOptions {
  /** Start an in-process worker (default true). */
  worker?: boolean;
  continueAsNewAfter?: number;
  maxCachedWorkflows?: number;
  /** A Temporal server of the test's own (e.g. one it kills); the run's shared dev server otherwise. */
  temporalAddress?: string;
  /** Attachment limits other than the defaults (MAX_ATTACHMENT_BYTES, ATTACHMENT_CONTENT_TYPES). */
  attachments?: AttachmentLimits;
  /** The mail server the workers send notifications through (a test's mail catcher); none: mail is not configured. */
  smtpUrl?: string;
  /** The vendors integration actions call (a test's local Jira); none: integrations are not configured. */
  integrations?: IntegrationSettings;
}

/** The web app's address in the links of the tests' notifications. */
export const TEST_PUBLIC_URL = 'http://ticketflow.test';

export async function startTestSystem(options: TestSystemOptions = {}): Promise<TestSystem> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: sdkLogger(createLogger('test-worker', process.env.LOG_LEVEL ?? 'warn')) });
    runtimeInstalled = true;
  }
  const { seededFromTemplate, ...database } = await createTestDatabase({ seeded: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'ticketflow-data-'));
  if (!seededFromTemplate) await seedDemoData(database.db);
  const address = options.temporalAddress ?? (await testTemporalAddress());
  // Tracked, so that stop() lets calls a test walked away from finish their retries before the
  // connection closes (a retry on a closed channel throws an uncaught "Channel has been shut down").
  const calls = new CallTracker();
  const connection = await Connection.connect(temporalConnectionOptions(address, calls));
  // A namespace per test system: ticket numbers (the workflow ids) restart at 1 in every test database.
  const namespace = `${TEST_NAMESPACE}-${randomBytes(4).toString('hex')}`;
  await setUpNamespace(connection, namespace);
  const temporal = new Client({ connection, namespace });
  const taskQueue = `test-${randomBytes(4).toString('hex')}`;
  const log = createLogger('test', process.env.LOG_LEVEL ?? 'warn');
  const workers: { worker: Worker; running: Promise<void>; connection: NativeConnection }[] = [];
  const mailer = options.smtpUrl ? createMailer(options.smtpUrl, 'Ticketflow <ticketflow@example.com>') : undefined;
  const workerErrors: unknown[] = [];

  const system: TestSystem = {
    ...database,
    dataDir,
    temporal,
    address,
    namespace,
    taskQueue,
    ...(options.smtpUrl && { smtpUrl: options.smtpUrl }),
    tickets: createTicketService({
      dataDir,
      db: database.db,
      temporal,
      taskQueue,
      ...(options.continueAsNewAfter && { continueAsNewAfter: options.continueAsNewAfter }),
      attachments: options.attachments,
    }),
    async person(email) {
      const user = await getUserByEmail(database.db, email);
      return withGroups(database.db, { userId: user.id, role: user.role });
    },
    async startWorker(workerOptions = {}) {
      const workerConnection = await NativeConnection.connect({ address });
      const worker = await createWorker({
        connection: workerConnection,
        namespace,
        taskQueue,
        db: database.db,
        log,
        publicUrl: TEST_PUBLIC_URL,
        ...(mailer && { mailer }),
        ...(options.integrations && { integrations: options.integrations }),
        ...(process.env.WORKFLOW_BUNDLE && { workflowBundlePath: process.env.WORKFLOW_BUNDLE }),
        ...workerOptions,
      });
      // Handled at once: a worker that fails must fail the test in stop(), not as an unhandled rejection.
      const running = worker.run().catch((error: unknown) => {
        workerErrors.push(error);
      });
      workers.push({ worker, running, connection: workerConnection });
      return worker;
    },
    async stopWorkers() {
      for (const w of workers.splice(0)) {
        if (w.worker.getState() === 'RUNNING') w.worker.shutdown();
        await w.running;
        await w.connection.close();
      }
    },
    async stop() {
      await system.stopWorkers();
      mailer?.close();
      await calls.drain(DRAIN_MS);
      await connection.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
      if (workerErrors.length > 0)
        throw new Error(`a worker failed: ${String(workerErrors[0])}`, { cause: workerErrors[0] });
    },
  };
  if (options.worker ?? true)
    await system.startWorker({
      ...(options.maxCachedWorkflows !== undefined && { maxCachedWorkflows: options.maxCachedWorkflows }),
    });
  return system;
}

/**
 * Calls a change until it has an answer, as a careful client does: after UNAVAILABLE (outcome
 * unknown) it sends the change again with the same update id, which applies it at most once.
 */
export async function untilAnswered<T>(call: (updateId: string) => Promise<T>, attempts = 10): Promise<T> {
  const updateId = randomUUID();
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(updateId);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'UNAVAILABLE') || attempt >= attempts) throw error;
    }
  }
}

/** Polls until `probe` returns a value that is not undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The environment that points a process of ours (a worker, the CLI) at this test system. */
export function systemEnv(sys: TestSystem): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: sys.url,
    TEMPORAL_ADDRESS: sys.address,
    TEMPORAL_NAMESPACE: sys.namespace,
    TEMPORAL_TASK_QUEUE: sys.taskQueue,
    TEMPORAL_SETUP: 'false',
    PUBLIC_URL: TEST_PUBLIC_URL,
    ...(sys.smtpUrl && { SMTP_URL: sys.smtpUrl, MAIL_FROM: 'Ticketflow <ticketflow@example.com>' }),
  };
}

/** A worker in a process of its own, as in production: for tests that kill one. */
export function spawnWorkerProcess(sys: TestSystem, logLevel = 'warn'): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'temporal/worker-main.ts'], {
    env: { ...systemEnv(sys), LOG_LEVEL: logLevel },
    stdio: ['ignore', logLevel === 'info' ? 'pipe' : 'inherit', 'inherit'],
  });
}

/** Stops a process of ours with `signal` and waits until it has exited. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/** Waits until the ticket's workflow has completed (its last run, after any continue-as-new). */
export function workflowCompleted(sys: TestSystem, number: string, timeoutMs = 60_000) {
  return eventually(
    async () => {
      const description = await sys.temporal.workflow.getHandle(number).describe();
      return description.status.name === 'COMPLETED' ? description : undefined;
    },
    timeoutMs,
    `${number} to complete`,
  );
}

/**
 * The read model equals the workflow's own snapshot once the ticket has settled, field by field: every
 * key of the snapshot that the `tickets` row holds. Settled first, since a step still running (a
 * business-time SLA deadline the calendar activity is computing) would otherwise reach the row
 * between the snapshot and the read of the row.
 */
export async function assertReadModelMatchesWorkflow(sys: TestSystem, number: string): Promise<void> {
  const snapshot = await sys.tickets.settle(number);
  const row = await sys.tickets.get(number);
  const asRow = snapshotColumns(snapshot);
  const stored = Object.fromEntries(Object.keys(asRow).map((key) => [key, row[key as keyof typeof row]]));
  assert.deepEqual(stored, asRow, `${number}: the read model equals the workflow's snapshot`);
  assert.equal(row.projection_error, null, `${number}: nothing failed to project`);
}

/** Polls the ticket's read-model row until `ready` holds for it. */
export function ticketRowWhen(
  sys: TestSystem,
  number: string,
  ready: (row: Awaited<ReturnType<TestSystem['tickets']['get']>>) => boolean,
  timeoutMs = 20_000,
  what = `${number} in the read model`,
) {
  return eventually(
    async () => {
      const row = await sys.tickets.get(number);
      return ready(row) ? row : undefined;
    },
    timeoutMs,
    what,
  );
}
