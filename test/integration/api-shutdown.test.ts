// Stopping the API process with live streams open (a board, a ticket, the notification centre): the
// streams end and finish their reads before the database closes, so the stop logs no error (before,
// each stream's next read met "driver has already been destroyed", a hundred lines for an open board).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { DEMO_PASSWORD } from '../../api/seed.js';
import { freePort } from '../support/ports.js';
import { subscribe, type Subscription } from '../support/sse.js';
import { eventually, startTestSystem, stopProcess, systemEnv, type TestSystem } from '../support/system.js';

const LOGIN = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }';
const STREAMS = [
  ['subscription { boardEvents(processKey: "it-support") { seq } }', {}],
  ['subscription { notificationAdded { id } }', {}],
] as const;

describe('stopping the API', () => {
  let sys: TestSystem;
  let dataDir: string;
  let child: ChildProcess | undefined;

  before(async () => {
    sys = await startTestSystem();
    dataDir = mkdtempSync(join(tmpdir(), 'ticketflow-shutdown-'));
  });
  after(async () => {
    if (child) await stopProcess(child, 'SIGKILL');
    await sys.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('with live streams open, ends them and logs no error', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../../api/main.ts')], {
      env: {
        ...systemEnv(sys),
        API_HOST: '127.0.0.1',
        API_PORT: String(port),
        AUTH_SECRET: randomBytes(32).toString('hex'),
        DATA_DIR: dataDir,
        GRAPHIQL: 'false',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(
      () =>
        fetch(`${url}/readyz`).then(
          (r) => (r.ok ? true : undefined),
          () => undefined,
        ),
      60_000,
      'the API process to be ready',
    );
    const login = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: LOGIN, variables: { e: 'sam.agent@example.com', p: DEMO_PASSWORD } }),
    });
    const token = ((await login.json()) as { data: { login: { accessToken: string } } }).data.login.accessToken;
    const streams: Subscription[] = [];
    // Several of each, as a few open tabs would have.
    for (let i = 0; i < 3; i++)
      for (const [query, variables] of STREAMS) streams.push(await subscribe(url, query, variables, token));
    for (const stream of streams) assert.equal(stream.status, 200);
    // A busy board: notices keep coming, so the streams are reading when the stop comes.
    const notice = JSON.stringify({
      number: 'IT-000001',
      process: 'it-support',
      group: 'service-desk',
      seq: 1,
      from: 1,
      types: ['moved'],
    });
    let busy = true;
    const noticing = (async () => {
      while (busy) await sql`select pg_notify('ticket_events', ${notice})`.execute(sys.db);
    })();
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const code = await exited;
    busy = false;
    await noticing;
    for (const stream of streams) stream.close();

    assert.equal(code, 0, output);
    assert.match(output, /api stopping/);
    assert.doesNotMatch(output, /destroyed/i, output);
    assert.doesNotMatch(output, /"level":(50|60)/, output);
    assert.doesNotMatch(output, /live streams still reading/, output);
  });
});
