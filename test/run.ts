// `npm test [FILTER…]`: runs the test files whose paths contain a filter (all without one) with node's
// test runner. Tests are in tiers by folder: test/unit (no servers, seconds), test/integration (Postgres
// and Temporal), test/system (browsers, killed processes, the quickstart, compose); `npm test -- unit`
// selects a tier. For anything beyond unit tests it starts the servers the files share (a Temporal dev
// server, and an embedded PostgreSQL when no TEST_DATABASE_URL / DATABASE_URL is given) and stops them
// afterwards. Test files create their own databases, task queues and, where they must kill a server,
// their own Temporal servers.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
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

/** What integration and system tests share: Postgres (with the run's template databases), a Temporal
 * dev server, and the workflow bundle every in-process and spawned worker loads. */
async function startServers(scratch: string) {
  let postgres: RunningPostgres | undefined;
  let postgresUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!postgresUrl) {
    say('Starting an embedded PostgreSQL for the tests…');
    postgres = await startEmbeddedPostgres({ dataDir: scratch, port: await freePort(), temporary: true });
    postgresUrl = postgres.url;
  }
  // Made once for the whole run, not once per test system: a migrated and seeded database to copy
  // (migrating and hashing the demo people's passwords took seconds each time), and the bundle.
  say('Preparing template databases and the workflow bundle…');
  process.env.TICKETFLOW_TEST_POSTGRES_URL = postgresUrl;
  const templates = await createTemplateDatabases(seedDemoData);
  const workflowBundle = join(scratch, 'workflow-bundle.js');
  await writeWorkflowBundle(workflowBundle);

  say('Starting a Temporal dev server for the tests…');
  const temporal = await startDevServer({
    cli: resolveTemporalCli(),
    port: await freePort(),
    namespace: TEST_NAMESPACE,
  });
  const connection = await Connection.connect({ address: temporal.address });
  await setUpNamespace(connection, TEST_NAMESPACE);
  await connection.close();
  return {
    env: {
      TICKETFLOW_TEST_POSTGRES_URL: postgresUrl,
      TICKETFLOW_TEST_TEMPORAL_ADDRESS: temporal.address,
      WORKFLOW_BUNDLE: workflowBundle,
      ...templates.env,
    },
    async stop() {
      await temporal.stop();
      await templates.drop();
      await postgres?.stop();
    },
  };
}

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'support' ? [] : testFiles(path);
    return entry.name.endsWith('.test.ts') ? [relative(root, path)] : [];
  });
}

// The slowest tier first: its long files then run beside the many short ones instead of after them.
const TIER_ORDER = ['system', 'integration', 'unit'];
const tierOf = (file: string) => TIER_ORDER.findIndex((tier) => file.startsWith(join('test', tier)));
const filter = process.argv.slice(2);
const files = testFiles(join(root, 'test'))
  .filter((file) => filter.length === 0 || filter.some((f) => file.includes(f)))
  .sort((a, b) => tierOf(a) - tierOf(b) || a.localeCompare(b));
if (files.length === 0) {
  say(`no test file matches ${filter.join(' ')}`);
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), 'ticketflow-test-'));
const tiers = TIER_ORDER.map((tier) => {
  const count = files.filter((file) => file.startsWith(join('test', tier))).length;
  return `${count} ${tier}`;
});
say(`Selected ${files.length} test files: ${tiers.join(', ')}.`);
// Unit tests need neither Postgres nor Temporal nor the web app: a run of them starts nothing.
const servers = files.some((file) => !file.startsWith(join('test', 'unit'))) ? await startServers(scratch) : undefined;
// Browser tests serve the built app: build it once here, not in each of them at the same time.
if (files.some((file) => file.startsWith(join('test', 'system', 'web')))) await buildWebAppIfChanged(say);

// Three test files per two cores: most of a file's time is spent waiting on Temporal, Postgres or a
// browser, but at two a core the browser tests starved workers on 2 cores (workflow tasks timed out).
const concurrency = Number(process.env.TEST_CONCURRENCY) || Math.max(1, Math.floor(1.5 * availableParallelism()));
say(`Running ${files.length} test files, ${concurrency} at a time…`);
const started = Date.now();
const runner = spawn(
  process.execPath,
  // --test-force-exit: a test file ends when its tests have, even if something it started left a handle
  // open (a stream's timer, a pool): a leak must not hang the whole run. blocking-stdout.ts keeps that
  // exit from dropping the file's last results. The timing reporter prints each tier's time and the slowest files after the spec output.
  [
    '--import',
    'tsx',
    '--import',
    join(root, 'test', 'support', 'blocking-stdout.ts'),
    '--test',
    '--test-force-exit',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${join(root, 'test', 'support', 'timing-reporter.ts')}`,
    '--test-reporter-destination=stderr',
    `--test-concurrency=${concurrency}`,
    ...files,
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      ...servers?.env,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
  },
);
const code = await new Promise<number>((resolve) => runner.once('exit', (c) => resolve(c ?? 1)));
say(`Suite finished in ${((Date.now() - started) / 1000).toFixed(1)} s.`);

await servers?.stop();
rmSync(scratch, { recursive: true, force: true });
process.exit(code);
