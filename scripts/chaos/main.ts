// `npm run chaos`: Ticketflow under faults, bounded in tickets and time. It starts its own PostgreSQL,
// Temporal dev server, mail catcher, vendors, API process and two worker processes (stack.ts); sends
// CHAOS_TICKETS tickets (default 500) through the sample processes over GraphQL (load.ts) while killing
// workers, the Temporal server and PostgreSQL (faults.ts); lets them settle; then audits what every
// ticket, the read model, the mail server and the vendors hold (audit.ts). It prints a table and exits
// 1 when any count is not 0 but the explained resends. CHAOS_MINUTES (default 10) bounds the whole run.
import { sql } from 'kysely';
import { createLogger } from '../../platform/log.js';
import { createDb, type Db } from '../../platform/store/db.js';
import { audit, report } from './audit.js';
import { createFaultLog, injectFaults } from './faults.js';
import { prepareLoad, type Load } from './load.js';
import { prepareDatabase } from './processes.js';
import { startStack, type Stack } from './stack.js';

const TICKETS = positive('CHAOS_TICKETS', 500);
const MINUTES = positive('CHAOS_MINUTES', 10);
const WORKERS = 2;
const CONCURRENCY = positive('CHAOS_CONCURRENCY', 30);

function positive(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) {
    process.stderr.write(`${name} must be a positive number, not "${process.env[name]}"\n`);
    process.exit(2);
  }
  return value;
}

const began = Date.now();
const endAt = began + MINUTES * 60_000;
const clock = () => {
  const s = Math.round((Date.now() - began) / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};
const say = (line: string) => process.stdout.write(`[chaos ${clock()}] ${line}\n`);

let stack: Stack | undefined;
let stopping = false;
async function cleanUp(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await stack?.stop();
  }
  process.exit(code);
}
// A failure of the run itself (not of the product, whose processes are children) still cleans up.
process.on('uncaughtException', (error) => {
  process.stderr.write(`[chaos] failed: ${error.stack ?? error.message}\n`);
  void cleanUp(1);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    say(`${signal}: stopping everything it started`);
    void cleanUp(130);
  });

function progress(load: Load, faults: ReturnType<typeof createFaultLog>): string {
  const created = load.tickets.filter((t) => t.number).length;
  const through = load.tickets.filter((t) => t.finished && !t.failed).length;
  const failed = load.tickets.filter((t) => t.failed).length;
  const retried = [...load.gql.retried].map(([code, n]) => `${code} ${n}`).join(', ') || 'none';
  return (
    `tickets ${created}/${TICKETS} created, ${through} through their script, ${failed} stopped · ` +
    `workers ${stack!.workers.length} (${faults.workerKills} killed) · Temporal killed ${faults.temporalKills} · ` +
    `PostgreSQL stopped ${faults.postgresStops} · mail ${stack!.mail.messages.length} · retried: ${retried}`
  );
}

async function main(): Promise<number> {
  say(`${TICKETS} tickets within ${MINUTES} min; starting its own servers`);
  stack = await startStack(say, prepareDatabase);
  const log = createLogger('chaos', 'silent');
  const db = createDb(stack.databaseUrl, {
    max: 3,
    onConnectionLost: (error) => log.warn({ err: error }, 'a Postgres connection was lost'),
  });
  try {
    for (let i = 0; i < WORKERS; i++) stack.spawnWorker();
    const load = await prepareLoad(stack.apiUrl, TICKETS, CONCURRENCY);
    const faults = createFaultLog();
    // What is left after start-up: the load with faults, then a quarter (at most 2 min) to settle and audit.
    const left = endAt - Date.now();
    const settleMs = Math.min(120_000, left * 0.25);
    const loadDeadline = endAt - settleMs;
    say(
      `load and faults for ${Math.round((loadDeadline - Date.now()) / 1000)} s, then up to ${Math.round(settleMs / 1000)} s to settle`,
    );
    const ticker = setInterval(() => say(progress(load, faults)), 5_000);
    let loadDone = false;
    const running = load.run((loadDeadline - Date.now()) * 0.7, loadDeadline).finally(() => (loadDone = true));
    await injectFaults(stack, db, faults, { until: loadDeadline, workers: WORKERS, stopped: () => loadDone, say });
    await running;
    say(`load done: ${progress(load, faults)}`);

    // Settle: no fault any more; every workflow finishes and every mail goes out, or the time is up.
    const settleBy = endAt - 20_000;
    for (;;) {
      const runningWorkflows = await stack.temporal.workflow.count('ExecutionStatus = "Running"').then(
        (c) => c.count,
        () => -1,
      );
      const pending = await db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'pending')
        .executeTakeFirst()
        .then(
          (r) => Number(r?.n ?? 0),
          () => -1,
        );
      say(`settling: ${runningWorkflows} workflows running, ${pending} notifications pending`);
      if ((runningWorkflows === 0 && pending === 0) || Date.now() > settleBy) break;
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
    clearInterval(ticker);

    const findings = await audit({
      db,
      temporal: stack.temporal,
      tickets: load.tickets,
      mail: stack.mail.messages,
      vendors: stack.vendors,
      faults,
      crashes: stack.crashes,
    });
    const failed = load.tickets.filter((t) => t.failed && !t.cutOff);
    const cutOff = load.tickets.filter((t) => t.cutOff).length;
    say(
      `${load.tickets.filter((t) => t.number).length} tickets created, ${stack.mail.messages.length} SMTP transactions, ` +
        `${faults.workerKills} workers, ${faults.temporalKills} Temporal servers killed, PostgreSQL stopped ${faults.postgresStops}× ` +
        `(${load.lostAnswers.length} refusals after a lost answer; ${failed.length} scripts stopped by a refusal, ` +
        `${cutOff} cut off by the load's deadline and not checked for where they stand)`,
    );
    // What each vendor holds and was asked: a vendor the run never reached shows 0 requests.
    const census = stack.vendors.census().map((v) => `${v.vendor} ${v.objects} objects (${v.requests} requests)`);
    say(`vendors: ${census.join(', ')}`);
    say(`vendor calls on the timelines: ${await vendorCalls(db)}`);
    for (const line of await failedCalls(db)) say(`  failed call: ${line}`);
    for (const line of load.lostAnswers.slice(0, 8)) say(`  lost answer: ${line}`);
    for (const t of failed.slice(0, 8)) say(`  ${t.number ?? t.script.process}: ${t.failed}`);
    const ok = report(findings, (line) => process.stdout.write(`${line}\n`));
    say(ok ? 'PASS: nothing lost, stuck, doubled or unexplained' : 'FAIL: see the counts above');
    return ok ? 0 : 1;
  } finally {
    await db.destroy();
  }
}

/** Each integration's outcomes as the timelines hold them, and the signals the ERP's status checks delivered. */
async function vendorCalls(db: Db): Promise<string> {
  const { rows } = await sql<{ what: string; n: number }>`
    select concat_ws(' ', data->>'system', data->>'operation', replace(type, 'integration_', '')) as what,
           count(*)::int as n
    from ticket_events where type in ('integration_succeeded', 'integration_failed')
    group by 1
    union all
    select concat(data->>'name', ' from its checks'), count(*)::int from ticket_events
    where type = 'signal_received' and data->>'source' = 'erp' group by data->>'name'
    order by 1`.execute(db);
  return rows.map((r) => `${r.what} ${r.n}`).join(', ') || 'none';
}

/** A few failed vendor calls, with the ticket and the reason its timeline gives. */
async function failedCalls(db: Db): Promise<string[]> {
  const { rows } = await sql<{ line: string }>`
    select concat_ws(' ', t.number, e.data->>'system', e.data->>'operation', e.data->>'reason', e.data->>'message') as line
    from ticket_events e join tickets t on t.id = e.ticket_id
    where e.type = 'integration_failed' order by t.number limit 8`.execute(db);
  return rows.map((r) => r.line);
}

main().then(
  (code) => cleanUp(code),
  (error: unknown) => {
    process.stderr.write(
      `[chaos] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return cleanUp(1);
  },
);
