// `npm start` beside, after and around other processes: a second one beside a running one refuses,
// naming it; a `kill -9` of the pid it records takes every process it started down with it, and one
// started after a `kill -9` stops whatever the killed one left running; a port taken by another
// program is named with the variable that moves it. Nothing is left running afterwards.
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveTemporalCli, startDevServer } from '../../temporal/dev-server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { freePort } from '../support/ports.js';

interface Started {
  process: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Ctrl-C to its process group, then waits until every process sharing its output has exited. */
  interrupt(): Promise<void>;
  exited: Promise<number | null>;
}

function npmStart(env: NodeJS.ProcessEnv): Started {
  const child = spawn('npm', ['start'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const closed = new Promise<void>((resolve) => child.stderr!.once('close', () => resolve()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    process: child,
    output: () => output,
    exited,
    async waitFor(pattern, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(output)) {
        if (Date.now() > deadline) assert.fail(`timed out waiting for ${pattern}:\n${output}`);
        if (child.exitCode !== null && !pattern.test(output)) assert.fail(`npm start exited:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async interrupt() {
      try {
        process.kill(-child.pid!, 'SIGINT');
      } catch {
        // already gone
      }
      await closed;
    },
  };
}

const psLine = (pid: number) => {
  try {
    return execFileSync('ps', ['-o', 'pid=,args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
  } catch {
    return String(pid);
  }
};

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Every process below `pid`, children of children included. */
function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const below = (parent: number): number[] =>
    table.filter(([, ppid]) => ppid === parent).flatMap(([child]) => [child, ...below(child)]);
  return below(pid);
}

async function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
  });
}

describe('npm start beside, after and around other processes', () => {
  let database: TestDatabase;
  const dataDir = mkdtempSync(join(tmpdir(), 'ticketflow-guard-'));
  let env: NodeJS.ProcessEnv;
  let ports: { api: number; temporal: number; ui: number; mail: number };
  before(async () => {
    database = await createTestDatabase();
    ports = { api: await freePort(), temporal: await freePort(), ui: await freePort(), mail: await freePort() };
    env = {
      ...process.env,
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      API_PORT: String(ports.api),
      TEMPORAL_DEV_PORT: String(ports.temporal),
      TEMPORAL_UI_PORT: String(ports.ui),
      MAIL_CATCHER_PORT: String(ports.mail),
      SEED_DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
    };
    delete env.TEMPORAL_ADDRESS;
  });
  after(async () => {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'refuses a second npm start beside a running one, naming its pid and where it runs',
    { timeout: 180_000 },
    async () => {
      const first = npmStart(env);
      try {
        await first.waitFor(/\[ticketflow\] Ready\./);
        const second = npmStart(env);
        const code = await second.exited;
        await second.interrupt();
        assert.equal(code, 1, second.output());
        assert.match(
          second.output(),
          new RegExp(
            `npm start is already running for ${dataDir} \\(pid \\d+\\): API http://127\\.0\\.0\\.1:${ports.api}, Temporal UI http://127\\.0\\.0\\.1:${ports.ui}`,
          ),
        );
        assert.doesNotMatch(second.output(), /error: undefined|Starting Temporal dev server/);
        assert.equal((await fetch(`http://127.0.0.1:${ports.api}/readyz`)).status, 200, 'the first one still runs');
      } finally {
        await first.interrupt();
      }
      for (const port of Object.values(ports)) assert.equal(await portAnswers(port), false, `port ${port} is free`);
    },
  );

  it(
    'after a kill -9, the next npm start stops what the killed one left running, and leaves nothing behind',
    { timeout: 180_000 },
    async () => {
      // What a killed npm start leaves: its record, naming a process that is gone, and a dev server still running.
      const orphan = await startDevServer({
        cli: resolveTemporalCli(),
        port: ports.temporal,
        uiPort: ports.ui,
        namespace: 'ticketflow',
        dbFile: join(dataDir, 'temporal.db'),
        ownProcessGroup: true,
      });
      const gone = spawn('true');
      await new Promise((resolve) => gone.once('exit', resolve));

      // A pid recorded for the worker that another program has since been given: left alone.
      const stranger = spawn('sleep', ['120']);
      writeFileSync(
        join(dataDir, 'npm-start.json'),
        JSON.stringify({
          pid: gone.pid,
          api: `http://127.0.0.1:${ports.api}`,
          children: { 'Temporal dev server': orphan.process.pid, worker: stranger.pid },
        }),
      );

      const next = npmStart(env);
      try {
        await next.waitFor(/\[ticketflow\] Ready\./);
        const strangerLives = stranger.exitCode === null && stranger.signalCode === null;
        assert.ok(strangerLives, `another program's process is left alone:\n${next.output()}`);
        assert.match(
          next.output(),
          new RegExp(
            `Stopping the Temporal dev server \\(pid ${orphan.process.pid}\\) left running by npm start \\(pid ${gone.pid}\\), which is gone`,
          ),
        );
        assert.equal(alive(orphan.process.pid!), false, 'the orphan is stopped');
      } finally {
        await next.interrupt();
        await orphan.stop();
        stranger.kill('SIGKILL');
      }
      for (const port of Object.values(ports)) assert.equal(await portAnswers(port), false, `port ${port} is free`);
    },
  );

  it(
    'a kill -9 of the pid npm start records takes every process it started with it, and the next start succeeds',
    { timeout: 240_000 },
    async () => {
      const first = npmStart(env);
      let started: number[] = [];
      try {
        await first.waitFor(/\[ticketflow\] Ready\./);
        const record = JSON.parse(readFileSync(join(dataDir, 'npm-start.json'), 'utf8')) as { pid: number };
        started = descendants(record.pid);
        assert.ok(started.length >= 3, `the worker, the API and the Temporal dev server run: ${started.join(', ')}`);
        process.kill(record.pid, 'SIGKILL');
        const deadline = Date.now() + 10_000;
        while (started.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
        const left = started.filter(alive);
        assert.deepEqual(left, [], `left running: ${left.map((pid) => psLine(pid)).join('; ')}`);
      } finally {
        for (const pid of started.filter(alive)) process.kill(pid, 'SIGKILL');
        await first.interrupt();
      }
      for (const port of Object.values(ports)) assert.equal(await portAnswers(port), false, `port ${port} is free`);
      const next = npmStart(env);
      try {
        await next.waitFor(/\[ticketflow\] Ready\./);
      } finally {
        await next.interrupt();
      }
      for (const port of Object.values(ports)) assert.equal(await portAnswers(port), false, `port ${port} is free`);
    },
  );

  it('names the port and the variable to change when another program holds a port', { timeout: 60_000 }, async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(ports.temporal, '127.0.0.1', resolve));
    try {
      const blocked = npmStart(env);
      const code = await blocked.exited;
      await blocked.interrupt();
      assert.equal(code, 1, blocked.output());
      assert.match(
        blocked.output(),
        new RegExp(
          `Port ${ports.temporal} \\(TEMPORAL_DEV_PORT\\) is in use by another program: stop it, or set TEMPORAL_DEV_PORT to a free port`,
        ),
      );
      assert.doesNotMatch(blocked.output(), /Starting Temporal dev server/);
    } finally {
      squatter.close();
    }
  });
});
