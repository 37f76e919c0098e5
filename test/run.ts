// `npm test`: starts the servers the suite shares (a Temporal dev server, and an embedded PostgreSQL
// when no TEST_DATABASE_URL / DATABASE_URL is given), runs every test file with node's test runner,
// then stops them. Test files create their own databases, task queues and, where they must kill a
// server, their own Temporal servers.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Connection } from '@temporalio/client';
import { startEmbeddedPostgres, type RunningPostgres } from '../platform/store/embedded-postgres.js';
import { resolveTemporalCli, startDevServer } from '../temporal/dev-server.js';
import { setUpNamespace } from '../temporal/setup.js';
import { buildWebAppIfChanged } from '../scripts/web-build.js';
import { seedDemoData } from '../api/seed.js';
import { writeWorkflowBundle } from '../temporal/worker.js';
import { createTemplateDatabases } from './support/database.js';
import { freePort } from './support/ports.js';
import { TEST_NAMESPACE } from './support/temporal.js';

const say = (message: string) => process.stderr.write(`[ticketflow test] ${message}\n`);
const root = join(import.meta.dirname, '..');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'support' ? [] : testFiles(path);
    return entry.name.endsWith('.test.ts') ? [relative(root, path)] : [];
  });
}

const filter = process.argv.slice(2);
const files = testFiles(join(root, 'test'))
  .filter((file) => filter.length === 0 || filter.some((f) => file.includes(f)))
  .sort();
if (files.length === 0) {
  say(`no test file matches ${filter.join(' ')}`);
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), 'ticketflow-test-'));
let postgres: RunningPostgres | undefined;
let postgresUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (!postgresUrl) {
  say('Starting an embedded PostgreSQL for the tests…');
  postgres = await startEmbeddedPostgres({ dataDir: scratch, port: await freePort(), temporary: true });
  postgresUrl = postgres.url;
}

// Made once for the whole run, instead of once per test system: a migrated and seeded database to copy,
// and the workflow bundle every in-process and spawned worker loads.
say('Preparing template databases and the workflow bundle…');
process.env.TICKETFLOW_TEST_POSTGRES_URL = postgresUrl;
const templates = await createTemplateDatabases(seedDemoData);
const workflowBundle = join(scratch, 'workflow-bundle.js');
await writeWorkflowBundle(workflowBundle);

say('Starting a Temporal dev server for the tests…');
const temporal = await startDevServer({ cli: resolveTemporalCli(), port: await freePort(), namespace: TEST_NAMESPACE });
const connection = await Connection.connect({ address: temporal.address });
await setUpNamespace(connection, TEST_NAMESPACE);
await connection.close();

// Browser tests serve the built app: build it once here, not in each of them at the same time.
if (files.some((file) => file.startsWith(join('test', 'web')))) await buildWebAppIfChanged(say);

say(`Running ${files.length} test files…`);
const started = Date.now();
const runner = spawn(
  process.execPath,
  // --test-force-exit: a test file ends when its tests have, even if something it started left a handle
  // open (a stream's timer, a pool): a leak must not hang the whole run.
  ['--import', 'tsx', '--test', '--test-force-exit', '--test-reporter=spec', '--test-concurrency=2', ...files],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      TICKETFLOW_TEST_POSTGRES_URL: postgresUrl,
      TICKETFLOW_TEST_TEMPORAL_ADDRESS: temporal.address,
      WORKFLOW_BUNDLE: workflowBundle,
      ...templates.env,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
  },
);
const code = await new Promise<number>((resolve) => runner.once('exit', (c) => resolve(c ?? 1)));
say(`Suite finished in ${((Date.now() - started) / 1000).toFixed(1)} s.`);

await temporal.stop();
await templates.drop();
await postgres?.stop();
rmSync(scratch, { recursive: true, force: true });
process.exit(code);
