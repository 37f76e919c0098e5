// The README's start command on embedded defaults, run from a clone in a folder only its owner may
// enter (as root, like the tests): an embedded PostgreSQL, a Temporal dev server on a data file, the
// worker and the API, until /readyz answers, and the demo tickets of a first start; then Ctrl-C stops
// everything.
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { DEMO_PASSWORD } from '../../api/seed.js';
import { DEMO_TICKETS } from '../../scripts/demo-tickets.js';
import { embeddedPostgresDataDir, ROOT_HOME } from '../../platform/store/embedded-postgres.js';
import { freePort } from '../support/ports.js';
import { privateCopy } from '../support/private-copy.js';

const run = promisify(execFile);

describe('quickstart: npm start', () => {
  const clone = privateCopy();
  const postgresData = embeddedPostgresDataDir(join(clone.root, '.data'));
  after(() => {
    clone.remove();
    if (process.getuid?.() === 0) rmSync(dirname(postgresData), { recursive: true, force: true });
  });

  it(
    'runs the whole system on embedded defaults from a private folder until /readyz, and stops cleanly on SIGINT',
    { timeout: 180_000 },
    async () => {
      const [apiPort, temporalPort, uiPort, pgPort, mailPort] = await Promise.all([
        freePort(),
        freePort(),
        freePort(),
        freePort(),
        freePort(),
      ]);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        API_PORT: String(apiPort),
        TEMPORAL_DEV_PORT: String(temporalPort),
        TEMPORAL_UI_PORT: String(uiPort),
        EMBEDDED_POSTGRES_PORT: String(pgPort),
        MAIL_CATCHER_PORT: String(mailPort),
        LOG_LEVEL: 'info',
      };
      delete env.DATABASE_URL;
      delete env.TEMPORAL_ADDRESS;
      delete env.DATA_DIR;
      delete env.SMTP_URL;
      const started = Date.now();
      // Its own process group, so SIGINT can reach every process the way Ctrl-C in a terminal does.
      const system = spawn('npm', ['start'], {
        cwd: clone.root,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      let output = '';
      system.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      system.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      // Ends when every process that shares the output has exited, not just npm (which dies of the SIGINT).
      const outputClosed = new Promise<void>((resolve) => system.stderr.once('close', () => resolve()));

      try {
        // `npm start` says it is ready only once a worker polls the ticket task queue.
        while (Date.now() - started < 150_000 && system.exitCode === null && !/\[ticketflow\] Ready\./.test(output)) {
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        assert.match(output, /\[ticketflow\] Ready\./, output);
        const response = await fetch(`http://127.0.0.1:${apiPort}/readyz`);
        const readiness = (await response.json()) as { status: string; checks: unknown; workers: { pollers: number } };
        assert.equal(response.status, 200);
        assert.deepEqual([readiness.status, readiness.checks], ['ready', { postgres: 'ok', temporal: 'ok' }], output);
        assert.ok(readiness.workers.pollers > 0, JSON.stringify(readiness));
        process.stderr.write(`# start → ready took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

        // A fresh clone has no build of the web app: npm start makes one, and the API serves it.
        assert.match(output, /\[ticketflow\] Built the web app in/);
        assert.match(output, new RegExp(`\\[ticketflow\\] Web app: +http://127\\.0\\.0\\.1:${apiPort}/`));
        const page = await fetch(`http://127.0.0.1:${apiPort}/tickets/IT-000001`, { headers: { accept: 'text/html' } });
        assert.equal(page.status, 200);
        const html = await page.text();
        assert.match(html, /<div id="root"><\/div>/);
        const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
        assert.ok(script, html);
        const bundle = await fetch(`http://127.0.0.1:${apiPort}${script}`);
        assert.equal(bundle.status, 200);
        assert.match(bundle.headers.get('content-type') ?? '', /javascript/);

        assert.match(output, /Created demo people \(development only; password "ticketflow-demo"\): admin@example.com/);
        assert.match(output, /Published sample processes: it-support v1, engineering-change v1, customer-case v1/);
        while (!/"service":"worker".*"msg":"worker started"/.test(output) && Date.now() - started < 150_000) {
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        assert.match(output, /"service":"worker".*"msg":"worker started"/);
        assert.ok(existsSync(join(clone.root, '.data', 'temporal.db')), 'Temporal persists to a data file');
        assert.match(
          output,
          new RegExp(`Starting embedded PostgreSQL on port ${pgPort} \\(data in ${postgresData}\\)`),
        );
        assert.ok(existsSync(join(postgresData, 'PG_VERSION')), 'it says where PostgreSQL keeps its data');
        if (process.getuid?.() === 0) {
          // As root it runs as `postgres`, which cannot enter the private clone: its data is outside, its own.
          assert.ok(postgresData.startsWith(`${ROOT_HOME}/`), postgresData);
          const { mode, uid } = statSync(postgresData);
          assert.equal(mode & 0o777, 0o700);
          assert.equal(uid, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })));
        }

        const connection = await Connection.connect({ address: `127.0.0.1:${temporalPort}` });
        const { namespaceInfo, config } = await connection.workflowService.describeNamespace({
          namespace: 'ticketflow',
        });
        await connection.close();
        assert.equal(namespaceInfo?.name, 'ticketflow');
        assert.equal(Number(config?.workflowExecutionRetentionTtl?.seconds), 30 * 24 * 3600);

        const health = await fetch(`http://127.0.0.1:${apiPort}/healthz`);
        assert.equal(health.status, 200);

        // Without SMTP_URL it runs a mail catcher, and the API shows what it received.
        assert.match(output, new RegExp(`Mail catcher on smtp://127\\.0\\.0\\.1:${mailPort}`));
        assert.match(output, new RegExp(`Mail sent: +http://127\\.0\\.0\\.1:${apiPort}/dev/mail`));
        // Only for a signed-in admin: an admin's sign-in sets the page's cookie.
        const refused = await fetch(`http://127.0.0.1:${apiPort}/dev/mail`);
        assert.equal(refused.status, 401);
        const login = await fetch(`http://127.0.0.1:${apiPort}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            query: 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
            variables: { e: 'admin@example.com', p: DEMO_PASSWORD },
          }),
        });
        const cookie = login.headers
          .getSetCookie()
          .find((c) => c.startsWith('tf_dev_mail='))
          ?.split(';')[0];
        assert.ok(cookie, 'the page cookie');
        const mailPage = await fetch(`http://127.0.0.1:${apiPort}/dev/mail`, { headers: { cookie } });
        assert.equal(mailPage.status, 200);
        assert.match(await mailPage.text(), /<h1>Mail sent<\/h1>/);

        // A first start submits demo tickets, so that the first sign-in finds work on the queue.
        for (let waited = 0; waited < 60_000 && !/Submitted \d+ demo tickets/.test(output); waited += 250)
          await new Promise((resolve) => setTimeout(resolve, 250));
        assert.match(output, new RegExp(`Submitted ${DEMO_TICKETS.length} demo tickets as erin.employee@example.com`));
        const { accessToken } = ((await login.json()) as { data: { login: { accessToken: string } } }).data.login;
        const first = await fetch(`http://127.0.0.1:${apiPort}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
          body: JSON.stringify({ query: '{ ticket(number: "IT-000001") { title requester { name } } }' }),
        });
        assert.deepEqual(((await first.json()) as { data: unknown }).data, {
          ticket: { title: DEMO_TICKETS[0].title, requester: { name: 'Erin Employee' } },
        });
      } finally {
        process.kill(-system.pid!, 'SIGINT');
        await outputClosed;
      }
      assert.match(output, /Stopping: interrupted[\s\S]*Stopped\./, output);
      assert.doesNotMatch(output, /while stopping/);
      // Everything it started is gone: the ports are free again.
      for (const port of [apiPort, temporalPort, pgPort, mailPort]) {
        await assert.rejects(fetch(`http://127.0.0.1:${port}/`), `port ${port} still answers`);
      }
    },
  );

  describe('the embedded PostgreSQL of the test runner and the benchmark, from the same folder', () => {
    // No database given, and a private temporary folder: both must start their own PostgreSQL.
    const env = (): NodeJS.ProcessEnv => {
      const tmp = join(clone.home, 'tmp');
      mkdirSync(tmp, { recursive: true, mode: 0o700 });
      const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp, BENCH_ROUNDS: '2' };
      // Nor anything of this run: its servers, its bundle, and the test runner's own context (a nested
      // node --test that finds it runs no file).
      for (const key of [
        'DATABASE_URL',
        'TEST_DATABASE_URL',
        'TICKETFLOW_TEST_POSTGRES_URL',
        'TICKETFLOW_TEST_TEMPORAL_ADDRESS',
        'WORKFLOW_BUNDLE',
        'NODE_TEST_CONTEXT',
      ])
        delete env[key];
      return env;
    };

    it('npm test runs a test file on it', { timeout: 180_000 }, async () => {
      const { stdout, stderr } = await run('npm', ['test', '--', 'integration/readiness'], {
        cwd: clone.root,
        env: env(),
      });
      assert.match(stderr, /Starting an embedded PostgreSQL for the tests…/);
      assert.match(stdout, /^ℹ pass [1-9]/m, 'its tests ran and passed');
      assert.match(stdout, /^ℹ fail 0$/m);
      assert.match(stderr, /Suite finished/);
    });

    it('npm run bench measures on it', { timeout: 180_000 }, async () => {
      // One section is enough to show where it runs; the whole bench takes minutes.
      const { stdout } = await run('npm', ['run', 'bench', '--', 'moves'], { cwd: clone.root, env: env() });
      assert.match(stdout, /move at concurrency 1: service \/ bare update .* ratio [\d.]+× \/ [\d.]+×/);
      assert.match(stdout, /\| move at concurrency 8: service \/ bare update \| p50 [\d.]+ vs [\d.]+ ms \|/);
    });
  });
});
