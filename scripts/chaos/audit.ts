// The chaos run's verdict, once the faults have stopped and the tickets have settled. Every ticket
// the API said it created (or that its idempotency key finds) is compared with its workflow's own
// snapshot (its result once completed, its query while running), the read model's row and timeline,
// the mail the catcher received and the vendors' objects. Each count must be 0, resends excepted when
// a fault was inside their send window (faults.ts recorded which).
import { isDeepStrictEqual } from 'node:util';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { sql } from 'kysely';
import type { Db } from '../../platform/store/db.js';
import { snapshotQuery } from '../../workflows/ticket/messages.js';
import type { TicketSnapshot } from '../../workflows/ticket/model.js';
import type { FaultLog } from './faults.js';
import type { Tracked } from './load.js';
import type { ChaosVendors } from './vendors.js';
import type { CaughtMail } from '../../platform/mail/catcher.js';

export interface Finding {
  check: string;
  count: number;
  explained: number;
  /** A few examples, for the reader. */
  examples: string[];
}

const MARGIN_BEFORE_MS = 1_000;
const MARGIN_AFTER_MS = 2_000;

export async function audit(input: {
  db: Db;
  temporal: Client;
  tickets: Tracked[];
  mail: CaughtMail[];
  vendors: ChaosVendors;
  faults: FaultLog;
  /** Processes of ours that exited by themselves. */
  crashes: string[];
}): Promise<Finding[]> {
  const { db, temporal } = input;
  const finding = (check: string): Finding => ({ check, count: 0, explained: 0, examples: [] });
  const lost = finding('tickets lost');
  const stuck = finding('tickets stuck');
  const twice = finding('events projected twice');
  const differ = finding('read-model rows ≠ workflow snapshot');
  const missing = finding('emails missing');
  const resent = finding('emails resent (SMTP transactions)');
  const doubled = finding('vendor objects doubled');
  const add = (f: Finding, example: string, n = 1) => {
    f.count += n;
    if (f.examples.length < 8) f.examples.push(example);
  };

  const stuckTickets = new Set<string>();
  /** A ticket counts once however many ways it is not where its history says. */
  const stuckAt = (number: string, example: string) => {
    if (stuckTickets.has(number)) return;
    stuckTickets.add(number);
    add(stuck, example);
  };

  const rows = await db.selectFrom('tickets').selectAll().execute();
  const byNumber = new Map(rows.map((r) => [r.number, r]));
  // Rows keep each key within its caller's scope (`<caller>/<key>`): the load's keys are the part after.
  const byKey = new Map(rows.map((r) => [r.idempotency_key?.slice(r.idempotency_key.indexOf('/') + 1), r]));
  for (const ticket of input.tickets) {
    const row = ticket.number ? byNumber.get(ticket.number) : byKey.get(ticket.idempotencyKey);
    const number = ticket.number ?? row?.number;
    if (!number) continue; // never created: the API never said so, and nothing was written
    if (!row) {
      add(lost, `${number}: no read-model row`);
      continue;
    }
    const snapshot = await workflowSnapshot(temporal, number);
    if (!snapshot) {
      add(lost, `${number}: no workflow`);
      continue;
    }
    if (!ticket.cutOff && (snapshot.state !== ticket.script.end || snapshot.running))
      stuckAt(
        number,
        `${number}: ${snapshot.running ? 'running' : 'finished'} in ${snapshot.state}, expected ${ticket.script.end}` +
          (ticket.failed ? ` (its load stopped at ${ticket.failed})` : ''),
      );
    const asRow = {
      state: snapshot.state,
      category: snapshot.category,
      priority: snapshot.priority,
      group_key: snapshot.group,
      assignee_id: snapshot.assignee,
      fields: snapshot.fields,
      slas: snapshot.slas,
      version: snapshot.version,
      process_key: snapshot.process.key,
      process_version: snapshot.process.version,
      projection_error: null,
    };
    const stored = Object.fromEntries(Object.keys(asRow).map((key) => [key, row[key as keyof typeof row]]));
    const different = Object.keys(asRow).filter(
      (key) => !isDeepStrictEqual(stored[key], asRow[key as keyof typeof asRow]),
    );
    if (different.length > 0) add(differ, `${number}: ${different.join(', ')} differ`);
  }

  // Events: the timeline holds seqs 1..row.seq, each once, and no effect's outcome twice.
  const { rows: seqs } = await sql<{
    number: string;
    events: number;
    distinct_seqs: number;
    last: number;
    seq: number;
  }>`
    select t.number, count(e.seq)::int as events, count(distinct e.seq)::int as distinct_seqs,
           coalesce(max(e.seq), 0)::int as last, t.seq
    from tickets t left join ticket_events e on e.ticket_id = t.id
    group by t.id`.execute(db);
  for (const s of seqs) {
    if (s.events !== s.distinct_seqs || s.last !== s.seq || s.events !== s.seq)
      add(twice, `${s.number}: ${s.events} events, seqs up to ${s.last}, the row says ${s.seq}`);
  }
  // What the timeline says the ticket went through, against what was done to it: one creation, each
  // signal and comment once, the states of its script in order. More is an event projected twice.
  const { rows: said } = await sql<{ number: string; type: string; state: string | null; name: string | null }>`
    select t.number, e.type, e.data->>'state' as state, e.data->>'name' as name
    from ticket_events e join tickets t on t.id = e.ticket_id
    where e.type in ('created', 'entered', 'signal_received', 'commented')
    order by t.number, e.seq`.execute(db);
  const timelines = new Map<string, { type: string; state: string | null; name: string | null }[]>();
  for (const r of said) timelines.set(r.number, [...(timelines.get(r.number) ?? []), r]);
  for (const ticket of input.tickets) {
    const number = ticket.number ?? byKey.get(ticket.idempotencyKey)?.number;
    if (!number) continue;
    const events = timelines.get(number) ?? [];
    // A step that failed may still have been applied (its answer lost): it counts as made.
    const done = ticket.script.steps.slice(0, ticket.stepsDone + (ticket.failed ? 1 : 0));
    const count = (type: string) => events.filter((e) => e.type === type).length;
    const comments = done.filter((s) => s.kind === 'comment').length;
    // A signal the ticket sends itself (an ERP order's status) is received once, whatever the script did.
    const own = ticket.script.ownSignals ?? [];
    const signals = events.filter((e) => e.type === 'signal_received');
    const sent = signals.filter((e) => !own.includes(e.name ?? ''));
    const atMost: [string, number, number][] = [
      ['created', count('created'), 1],
      ['signal_received', sent.length, done.filter((s) => s.kind === 'signal').length],
      ...own.map((name): [string, number, number] => [name, signals.filter((e) => e.name === name).length, 1]),
    ];
    for (const [what, n, most] of atMost) if (n > most) add(twice, `${number}: ${n} ${what} events, expected ${most}`);
    if (count('commented') > comments) add(twice, `${number}: ${count('commented')} comments, ${comments} made`);
    const entered = events.filter((e) => e.type === 'entered').map((e) => e.state);
    const path = ticket.script.path[0] === entered[0] ? ticket.script.path : ticket.script.path.slice(1);
    const repeated = entered.findIndex((state, i) => i > 0 && state === entered[i - 1]);
    if (repeated > 0 || entered.length > path.length)
      add(twice, `${number}: entered ${entered.join(' → ')}; its script goes ${path.join(' → ')}`);
    else if (!ticket.failed && !ticket.cutOff && entered.join() !== path.join())
      stuckAt(number, `${number}: entered ${entered.join(' → ')}; its script goes ${path.join(' → ')}`);
  }

  // Mail: every message to send reached the catcher; a second transaction of one Message-ID is a
  // resend, explained only by a fault inside its send window.
  const emails = await db
    .selectFrom('notifications')
    .select(['message_id', 'status', 'ticket_number', 'template'])
    .where('channel', '=', 'email')
    .execute();
  const received = new Map<string, CaughtMail[]>();
  for (const m of input.mail) received.set(m.messageId, [...(received.get(m.messageId) ?? []), m]);
  for (const e of emails) {
    if (e.status === 'failed' || received.has(e.message_id)) continue;
    add(missing, `${e.ticket_number} ${e.template}: ${e.status}, never received`);
  }
  for (const [id, copies] of received) {
    if (copies.length < 2) continue;
    const first = copies[0]!.receivedAt.getTime();
    const killedAt = input.faults.inWindowAtKill.get(id);
    const outage = input.faults.postgresDown.find(
      (d) => first >= d.from - MARGIN_BEFORE_MS && first <= d.to + MARGIN_AFTER_MS,
    );
    const why = killedAt
      ? `a worker killed at ${new Date(killedAt).toISOString().slice(11, 23)} inside its send window`
      : outage
        ? 'accepted while PostgreSQL was stopped, so its row could not be marked sent'
        : undefined;
    add(resent, `${id} (${copies[0]!.subject}) ×${copies.length}: ${why ?? 'unexplained'}`, copies.length - 1);
    if (why) resent.explained += copies.length - 1;
  }

  for (const vendor of input.vendors.census())
    for (const d of vendor.doubled)
      add(doubled, `${vendor.vendor}: ${d.count} objects labelled ${d.label}`, d.count - 1);

  const crashed = finding('processes crashed (API, workers)');
  for (const crash of input.crashes) add(crashed, crash);

  return [lost, stuck, twice, differ, missing, resent, doubled, crashed];
}

/** The workflow's own view: its result once completed, else its snapshot query. */
async function workflowSnapshot(
  temporal: Client,
  number: string,
): Promise<(TicketSnapshot & { running: boolean }) | undefined> {
  const handle = temporal.workflow.getHandle(number);
  try {
    const { status } = await handle.describe();
    if (status.name === 'COMPLETED') return { ...(await handle.result()), running: false };
    return { ...(await handle.query(snapshotQuery)), running: true };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}

/** The findings as a table; true when every count is 0 but the explained resends. */
export function report(findings: Finding[], say: (line: string) => void): boolean {
  const width = Math.max(...findings.map((f) => f.check.length));
  say(`| ${'check'.padEnd(width)} | count | explained | unexplained |`);
  say(`| ${'-'.repeat(width)} | ----: | --------: | ----------: |`);
  for (const f of findings)
    say(
      `| ${f.check.padEnd(width)} | ${String(f.count).padStart(5)} | ${String(f.explained).padStart(9)} | ${String(f.count - f.explained).padStart(11)} |`,
    );
  for (const f of findings.filter((f) => f.examples.length > 0)) {
    say(`${f.check}:`);
    for (const example of f.examples) say(`  ${example}`);
  }
  return findings.every((f) => f.count === f.explained);
}
