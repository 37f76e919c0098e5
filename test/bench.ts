// `npm run bench [section…]`: each figure beside a baseline measured in the same run on the same
// servers, as a ratio against its goal, then a summary table of the goals. Sections (all by default):
//   validation  validating the largest definition the limits allow (CPU only, before any server)
//   moves       a service move against a bare Workflow Update, at concurrency 1 and 8
//   graphql     createTicket and moveTicket through GraphQL against the service in-process
//   macros      applyMacro (a note and a priority, one update) against the two changes sent one by one
//   bulk        a bulk action on 100 tickets against 100 single moves, both through GraphQL
//   live        a board drop through one API process, seen over SSE on another
//   evicted     moves on tickets the worker's cache no longer holds, against cached ones
//   reads       the board and filtered lists over 100,000 tickets (BENCH_TICKETS) against their SQL
//   kill        moves on tickets whose worker was just SIGKILLed
//   web         in chromium: the board's first render and scroll with 1,000 cards in a column, a
//               keyboard drop until settled, and a worked ticket's page, each against its GraphQL
//               sent by fetch (needs chromium)
// The sections live in test/bench/. BENCH_ROUNDS (default 200) sets the rounds of each measurement.
//
// Uses TEST_DATABASE_URL / DATABASE_URL when set, else an embedded PostgreSQL; a Temporal dev server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishDefinition } from '../platform/processes/processes.js';
import { startEmbeddedPostgres, type RunningPostgres } from '../platform/store/embedded-postgres.js';
import { startTestApi } from './support/api.js';
import { freePort } from './support/ports.js';
import { startTestSystem } from './support/system.js';
import { measureBulk } from './bench/bulk.js';
import { measureEvicted } from './bench/evicted.js';
import { measureGraphQL } from './bench/graphql.js';
import { measureLive } from './bench/live.js';
import { measureMacros } from './bench/macros.js';
import { measureMoves } from './bench/moves.js';
import { measureReads } from './bench/reads.js';
import { categoryCycle, pingPong } from './bench/ping-pong.js';
import { ROUNDS, RUN_CAP, say, summary } from './bench/report.js';
import { measureValidation } from './bench/validation.js';
import { measureWeb } from './bench/web.js';
import { measureWorkerKill } from './bench/worker-kill.js';

const SECTIONS = [
  'validation',
  'moves',
  'graphql',
  'macros',
  'bulk',
  'live',
  'evicted',
  'reads',
  'kill',
  'web',
] as const;
const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !(SECTIONS as readonly string[]).includes(a));
if (unknown.length > 0) {
  process.stderr.write(`unknown bench section ${unknown.join(', ')}; sections: ${SECTIONS.join(', ')}\n`);
  process.exit(2);
}
const runs = (section: (typeof SECTIONS)[number]) => asked.length === 0 || asked.includes(section);

if (runs('validation')) await measureValidation();

let postgres: RunningPostgres | undefined;
const scratch = mkdtempSync(join(tmpdir(), 'ticketflow-bench-'));
if (!process.env.TEST_DATABASE_URL && !process.env.DATABASE_URL) {
  postgres = await startEmbeddedPostgres({ dataDir: scratch, port: await freePort(), temporary: true });
  process.env.TICKETFLOW_TEST_POSTGRES_URL = postgres.url;
}

const sys = await startTestSystem(RUN_CAP);
try {
  await publishDefinition(sys.db, pingPong, 'bench');
  await publishDefinition(sys.db, categoryCycle, 'bench');
  const sam = await sys.person('sam.agent@example.com');
  say(`Benchmark: BENCH_ROUNDS=${ROUNDS}, one worker in-process, Temporal dev server, Postgres`);
  if (runs('moves')) await measureMoves(sys, sam);
  if (runs('graphql')) {
    const api = await startTestApi(sys);
    try {
      await measureGraphQL(sys, api, sam);
    } finally {
      await api.stop();
    }
  }
  if (runs('macros')) {
    const api = await startTestApi(sys);
    try {
      await measureMacros(sys, api);
    } finally {
      await api.stop();
    }
  }
  if (runs('bulk')) {
    const api = await startTestApi(sys);
    try {
      await measureBulk(sys, api, sam);
    } finally {
      await api.stop();
    }
  }
  if (runs('live')) await measureLive(sys, sam);
  if (runs('evicted')) await measureEvicted();
  if (runs('reads')) await measureReads();
  if (runs('kill')) await measureWorkerKill();
  if (runs('web')) await measureWeb();
  summary();
} catch (error) {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await sys.stop();
  await postgres?.stop();
  rmSync(scratch, { recursive: true, force: true });
  process.exit(); // the test Temporal dev server is a child of this process
}
