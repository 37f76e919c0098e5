// `npm run bench`: the latency of a board move through the ticket service (validation, the workflow
// update, the projection into Postgres, read-your-write) against a baseline measured in the same run
// on the same server and workflow: a bare Workflow Update round trip that changes nothing. First, the
// time to validate the largest definition the limits allow (goal: at most 50 ms).
//
// Uses TEST_DATABASE_URL / DATABASE_URL when set, else an embedded PostgreSQL; a Temporal dev server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startEmbeddedPostgres, type RunningPostgres } from '../platform/store/embedded-postgres.js';
import { freePort } from './support/ports.js';
import { publishDefinition } from '../api/processes/processes.js';
import { AppError } from '../platform/errors.js';
import type { Person } from '../workflows/ticket/model.js';
import { startTestApi } from './support/api.js';
import { spawnWorkerProcess, startTestSystem, untilAnswered } from './support/system.js';
import type { ProcessDefinition } from '../workflows/process/definition.js';
import { validateDefinition } from '../workflows/process/validate.js';
import { largestDefinition } from './support/largest-process.js';
import { syncUpdate } from '../workflows/ticket/messages.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const say = (line: string) => process.stdout.write(`${line}\n`);

// Two states and two transitions: the move itself, without actions, timers or SLA clocks.
const pingPong: ProcessDefinition = {
  format: 1,
  key: 'ping-pong',
  name: 'Ping-pong (benchmark)',
  ticketPrefix: 'PP',
  group: 'service-desk',
  initialState: 'ping',
  fields: [],
  states: [
    { key: 'ping', label: 'Ping', category: 'new' },
    { key: 'pong', label: 'Pong', category: 'active' },
    { key: 'done', label: 'Done', category: 'done' },
  ],
  transitions: [
    { key: 'to_pong', label: 'To pong', from: ['ping'], to: 'pong', by: ['AGENT'] },
    { key: 'to_ping', label: 'To ping', from: ['pong'], to: 'ping', by: ['AGENT'] },
    { key: 'finish', label: 'Finish', from: ['ping', 'pong'], to: 'done', by: ['AGENT'] },
  ],
};

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function time(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

// Pure CPU, measured before any server starts: the first (cold) run is what `process validate` sees.
{
  const largest = largestDefinition();
  const context = { groups: new Set(['service-desk']) };
  const samples: number[] = [];
  for (let i = 0; i < 50; i++) {
    samples.push(
      await time(async () => {
        if (!validateDefinition(largest, context).ok) throw new Error('the largest definition must be valid');
      }),
    );
  }
  const kib = (JSON.stringify(largest).length / 1024).toFixed(0);
  say(
    `${`validate the largest definition (${kib} KiB)`.padEnd(44)} p50 ${percentile(samples, 50).toFixed(1).padStart(6)} ms   p95 ${percentile(samples, 95).toFixed(1).padStart(6)} ms   first ${samples[0]!.toFixed(1)} ms`,
  );
}

let postgres: RunningPostgres | undefined;
const scratch = mkdtempSync(join(tmpdir(), 'ticketflow-bench-'));
if (!process.env.TEST_DATABASE_URL && !process.env.DATABASE_URL) {
  postgres = await startEmbeddedPostgres({ dataDir: scratch, port: await freePort(), temporary: true });
  process.env.TICKETFLOW_TEST_POSTGRES_URL = postgres.url;
}

/**
 * The GraphQL path against the ticket service called in-process, on the same servers in the same run:
 * creates (counted when the first state is readable) at concurrency 1, 8 and 32, and board drops.
 */
async function measureGraphQL(sam: Person): Promise<void> {
  const api = await startTestApi(sys);
  try {
    const token = await api.signIn('sam.agent@example.com');
    const request = { process: 'ping-pong', title: 'Create' };
    const viaGraphQL = async () => {
      const result = await api.gql(
        'mutation ($i: CreateTicketInput!) { createTicket(input: $i) { state } }',
        { i: request },
        { token },
      );
      if (result.errors) throw new Error(JSON.stringify(result.errors));
    };
    const inProcess = () => sys.tickets.create({ ...request, requester: { userId: sam.userId } }, sam);
    for (const concurrency of [1, 8, 32]) {
      const rate = async (create: () => Promise<unknown>) => {
        const started = performance.now();
        for (let batch = 0; batch < 3; batch++) await Promise.all(Array.from({ length: concurrency }, create));
        return (3 * concurrency) / ((performance.now() - started) / 1000);
      };
      const service = await rate(inProcess);
      const graphql = await rate(viaGraphQL);
      say(
        `${`create at concurrency ${concurrency}: GraphQL / service`.padEnd(44)} ${graphql.toFixed(1).padStart(6)} vs ${service.toFixed(1)} tickets/s   ratio ${(graphql / service).toFixed(2)}× (goal ≥ 0.8×)`,
      );
    }
    const { ticket } = await sys.tickets.create({ ...request, requester: { userId: sam.userId } }, sam);
    const drops: number[] = [];
    const moves: number[] = [];
    for (let i = 0; i < ROUNDS / 2; i++) {
      drops.push(
        await time(async () => {
          const result = await api.gql(
            'mutation ($n: String!, $to: String!) { moveTicket(number: $n, toState: $to) { state } }',
            { n: ticket.number, to: 'pong' },
            { token },
          );
          if (result.errors) throw new Error(JSON.stringify(result.errors));
        }),
      );
      // Interleaved: the drop takes it to pong, the service's move back to ping.
      moves.push(await time(() => sys.tickets.move(ticket.number, sam, { transition: 'to_ping' })));
    }
    say(
      `${'move: GraphQL moveTicket / service move'.padEnd(44)} p50 ${percentile(drops, 50).toFixed(1).padStart(6)} vs ${percentile(moves, 50).toFixed(1)} ms   ratio ${(percentile(drops, 50) / percentile(moves, 50)).toFixed(2)}× (goal ≤ 1.2×)`,
    );
  } finally {
    await api.stop();
  }
}

/**
 * Moves on tickets whose worker was just SIGKILLed, with another worker running: each answers, or
 * says UNAVAILABLE, within the service's 10 s (their next tasks wait on the dead worker's sticky
 * queue first). Measured from the kill, all tickets at once.
 */
async function measureWorkerKill(): Promise<void> {
  const TICKETS = 16;
  const kill = await startTestSystem({ worker: false });
  const workers = [spawnWorkerProcess(kill), spawnWorkerProcess(kill)];
  try {
    await publishDefinition(kill.db, pingPong, 'bench');
    const sam = await kill.person('sam.agent@example.com');
    const numbers: string[] = [];
    for (let i = 0; i < TICKETS; i++) {
      const request = { process: 'ping-pong', title: `Kill ${i}`, requester: { userId: sam.userId } };
      numbers.push(
        (await untilAnswered((idempotencyKey) => kill.tickets.create({ ...request, idempotencyKey }, sam))).ticket
          .number,
      );
    }
    for (const number of numbers) await kill.tickets.move(number, sam, { transition: 'to_pong' });
    const exited = new Promise((resolve) => workers[0]!.once('exit', resolve));
    workers[0]!.kill('SIGKILL');
    await exited;
    const started = performance.now();
    const outcomes = await Promise.all(
      numbers.map((number) =>
        kill.tickets.move(number, sam, { transition: 'to_ping' }).then(
          () => ({ ms: performance.now() - started, answered: true }),
          (error: unknown) => {
            if (!(error instanceof AppError && error.code === 'UNAVAILABLE')) throw error;
            return { ms: performance.now() - started, answered: false };
          },
        ),
      ),
    );
    const ms = outcomes.map((o) => o.ms);
    const unavailable = outcomes.filter((o) => !o.answered).length;
    say(
      `${`moves after a worker SIGKILL (${TICKETS} tickets)`.padEnd(44)} p50 ${percentile(ms, 50).toFixed(0).padStart(6)} ms   p95 ${percentile(ms, 95).toFixed(0).padStart(6)} ms   max ${Math.max(...ms).toFixed(0)} ms   UNAVAILABLE ${unavailable}/${TICKETS}`,
    );
  } finally {
    for (const worker of workers) worker.kill('SIGKILL');
    await kill.stop();
  }
}

const sys = await startTestSystem({ continueAsNewAfter: 5000 });
try {
  await publishDefinition(sys.db, pingPong, 'bench');
  const sam = await sys.person('sam.agent@example.com');
  const { ticket } = await sys.tickets.create(
    { process: 'ping-pong', title: 'Benchmark', requester: { userId: sam.userId } },
    sam,
  );
  const handle = sys.temporal.workflow.getHandle(ticket.number);
  say(`Benchmark: ${ROUNDS} rounds on ${ticket.number}, one worker in-process, Temporal dev server, Postgres`);

  const baseline: number[] = [];
  const moves: number[] = [];
  for (let i = 0; i < 20; i++) await handle.executeUpdate(syncUpdate, { args: [{ settled: false }] }); // warm-up
  for (let i = 0; i < ROUNDS; i++) {
    // Interleaved, so both see the same server, cache and history size.
    baseline.push(await time(() => handle.executeUpdate(syncUpdate, { args: [{ settled: false }] })));
    moves.push(await time(() => sys.tickets.move(ticket.number, sam, { transition: i % 2 ? 'to_ping' : 'to_pong' })));
    if ((i + 1) % 50 === 0) process.stderr.write(`  ${i + 1}/${ROUNDS}\n`);
  }
  await sys.tickets.move(ticket.number, sam, { transition: 'finish' });

  const row = (name: string, samples: number[]) =>
    say(
      `${name.padEnd(44)} p50 ${percentile(samples, 50).toFixed(1).padStart(6)} ms   p95 ${percentile(samples, 95).toFixed(1).padStart(6)} ms`,
    );
  row('baseline: bare Workflow Update round trip', baseline);
  row('move: ticket service (update + projection)', moves);
  say(
    `ratio move / baseline: p50 ${(percentile(moves, 50) / percentile(baseline, 50)).toFixed(2)}×, p95 ${(percentile(moves, 95) / percentile(baseline, 95)).toFixed(2)}×`,
  );
  await measureGraphQL(sam);
  await measureWorkerKill();
} finally {
  await sys.stop();
  await postgres?.stop();
  rmSync(scratch, { recursive: true, force: true });
  process.exit(0); // the test Temporal dev server is a child of this process
}
