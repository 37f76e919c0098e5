// Live latency across replicas: two API processes on the same database and Temporal, a person
// subscribed to boardEvents over SSE on API #2, board drops through API #1. Measured: from the
// moveTicket answer to the change arriving at the subscriber (0 when it came first), against the same
// move's round trip. Goal: p95 at most 1×, i.e. a watcher sees a change no later than one more round
// trip after the mover does.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEMO_PASSWORD } from '../../api/seed.js';
import type { Person } from '../../workflows/ticket/model.js';
import { freePort } from '../support/ports.js';
import { subscribe } from '../support/sse.js';
import { eventually, systemEnv, type TestSystem } from '../support/system.js';
import { other, pingPong, benchTickets } from './ping-pong.js';
import { compare, ROUNDS, say } from './report.js';

const MOVE = 'mutation ($n: String!, $to: String!) { moveTicket(number: $n, toState: $to) { number state version } }';
const BOARD = 'subscription ($p: String!) { boardEvents(processKey: $p) { ticket { number version } seq } }';
const LOGIN = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }';

interface ApiProcess {
  url: string;
  child: ChildProcess;
}

/** An API process of its own, as `npm run api` starts it, on this test system. */
async function startApiProcess(sys: TestSystem, secret: string, dataDir: string): Promise<ApiProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../../api/main.ts')], {
    env: {
      ...systemEnv(sys),
      API_HOST: '127.0.0.1',
      API_PORT: String(port),
      AUTH_SECRET: secret,
      DATA_DIR: dataDir,
      GRAPHIQL: 'false',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await eventually(
    () =>
      fetch(`${url}/readyz`).then(
        (r) => (r.ok ? true : undefined),
        () => undefined,
      ),
    60_000,
    'an API process to be ready',
  );
  return { url, child };
}

async function gql<T>(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

export async function measureLive(sys: TestSystem, sam: Person): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ticketflow-bench-api-'));
  const secret = randomBytes(32).toString('hex');
  const apis: ApiProcess[] = [];
  try {
    apis.push(await startApiProcess(sys, secret, dataDir), await startApiProcess(sys, secret, dataDir));
    const [one, two] = apis as [ApiProcess, ApiProcess];
    const signIn = async (url: string, email: string) =>
      (await gql<{ login: { accessToken: string } }>(url, LOGIN, { e: email, p: DEMO_PASSWORD })).login.accessToken;
    const mover = await signIn(one.url, 'sam.agent@example.com');
    const watcher = await signIn(two.url, 'sara.agent@example.com');
    const [ticket] = await benchTickets(sys, sam, 1, 'Live');

    const stream = await subscribe(two.url, BOARD, { p: pingPong.key }, watcher);
    if (stream.status !== 200) throw new Error(`boardEvents answered HTTP ${stream.status}`);
    // Arrival times by ticket version, read as they come, beside the moves.
    const arrived = new Map<number, number>();
    let wake: (() => void) | undefined;
    const reading = (async () => {
      for (;;) {
        const message = await stream.next(60_000);
        if (message.kind !== 'next') return;
        const at = performance.now();
        const event = (message.result.data as { boardEvents: { ticket: { number: string; version: number } } })
          .boardEvents;
        if (event.ticket.number === ticket!.number) arrived.set(event.ticket.version, at);
        wake?.();
      }
    })();
    const arrival = async (version: number) => {
      const deadline = performance.now() + 10_000;
      while (!arrived.has(version)) {
        if (performance.now() > deadline) throw new Error(`no event of ${ticket!.number} v${version} within 10 s`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 100);
        });
      }
      return arrived.get(version)!;
    };

    const delays: number[] = [];
    const roundTrips: number[] = [];
    let first = 0;
    const rounds = Math.max(20, ROUNDS / 2);
    for (let i = 0; i < rounds + 10; i++) {
      const sent = performance.now();
      const { moveTicket } = await gql<{ moveTicket: { state: string; version: number } }>(
        one.url,
        MOVE,
        { n: ticket!.number, to: other(ticket!.state) },
        mover,
      );
      const answered = performance.now();
      ticket!.state = moveTicket.state;
      const at = await arrival(moveTicket.version);
      if (i < 10) continue; // warm-up
      if (at <= answered) first += 1;
      delays.push(Math.max(0, at - answered));
      roundTrips.push(answered - sent);
    }
    stream.close();
    await reading;
    say(`Live: ${rounds} drops through API #1, watched over SSE on API #2 (${first} events came before the answer)`);
    compare('live: answer → event on the other API / move round trip', delays, roundTrips, { p: 95, max: 1 });
  } finally {
    for (const api of apis) api.child.kill('SIGTERM');
    await Promise.all(apis.map((api) => new Promise((resolve) => api.child.once('exit', resolve))));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
