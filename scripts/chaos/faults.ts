// The faults of a chaos run, one at a time in a single schedule so that each is seen on its own: a
// worker process killed outright every 5–20 s and a new one started; the Temporal dev server killed
// outright and started again on its data file (at 30 % and 70 % of the window); PostgreSQL stopped for
// 10 s once (at 50 %). SMTP leaves one window in which a fault makes a resend (email.ts): after the
// server accepted a message and before its row says sent. So after each worker kill, the messages the
// catcher holds whose rows still say pending are recorded as in that window; while PostgreSQL is
// stopped, the row of a message accepted meanwhile cannot be marked sent, so such messages are too.
// The audit explains a resend only by these records.
import { sql } from 'kysely';
import type { Db } from '../../platform/store/db.js';
import type { Stack } from './stack.js';

export interface FaultLog {
  workerKills: number;
  temporalKills: number;
  postgresStops: number;
  /** Message-IDs in the send window at a worker kill, with the kill's time. */
  inWindowAtKill: Map<string, number>;
  /** When PostgreSQL was stopped and when it answered again (epoch ms). */
  postgresDown: { from: number; to: number }[];
  events: string[];
}

const POSTGRES_PAUSE_MS = 10_000;
const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)];
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createFaultLog(): FaultLog {
  return {
    workerKills: 0,
    temporalKills: 0,
    postgresStops: 0,
    inWindowAtKill: new Map(),
    postgresDown: [],
    events: [],
  };
}

/** Injects faults from now until `until` (epoch ms) or `stopped()`; leaves `workers` processes running. */
export async function injectFaults(
  stack: Stack,
  db: Db,
  log: FaultLog,
  options: { until: number; workers: number; stopped: () => boolean; say: (line: string) => void },
): Promise<void> {
  const start = Date.now();
  const span = options.until - start;
  const big: { at: number; what: 'temporal' | 'postgres' }[] = [
    { at: start + span * 0.3, what: 'temporal' },
    { at: start + span * 0.5, what: 'postgres' },
    { at: start + span * 0.7, what: 'temporal' },
  ];
  const note = (line: string) => {
    log.events.push(`${new Date().toISOString().slice(11, 19)} ${line}`);
    options.say(line);
  };
  while (Date.now() < options.until && !options.stopped()) {
    await wait(5_000 + Math.random() * 15_000);
    if (Date.now() >= options.until || options.stopped()) break;
    const due = big[0] && big[0].at <= Date.now() ? big.shift() : undefined;
    if (due?.what === 'temporal') {
      note('kill -9 the Temporal dev server; starting it again on its data file');
      await stack.killTemporal();
      log.temporalKills += 1;
      note('Temporal dev server is back');
    } else if (due?.what === 'postgres') {
      note(`stopping PostgreSQL for ${POSTGRES_PAUSE_MS / 1000} s`);
      const from = Date.now();
      await stack.pausePostgres(POSTGRES_PAUSE_MS);
      log.postgresDown.push({ from, to: Date.now() });
      log.postgresStops += 1;
      note('PostgreSQL is back');
    } else {
      const victim = pick(stack.workers);
      if (victim) {
        await stack.killWorker(victim);
        log.workerKills += 1;
        const at = Date.now();
        // The catcher may still be reading a message the dead worker finished sending: let it land.
        await wait(1000);
        for (const id of await pendingButAccepted(stack, db))
          if (!log.inWindowAtKill.has(id)) log.inWindowAtKill.set(id, at);
        note(`kill -9 worker ${victim.pid} (${log.workerKills} so far)`);
      }
    }
    while (stack.workers.length < options.workers) stack.spawnWorker();
  }
  while (stack.workers.length < options.workers) stack.spawnWorker();
}

/** Messages the mail server holds whose rows still say pending: each sender is in its send window. */
async function pendingButAccepted(stack: Stack, db: Db): Promise<string[]> {
  const accepted = [...new Set(stack.mail.messages.map((m) => m.messageId))];
  if (accepted.length === 0) return [];
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const { rows } = await sql<{ message_id: string }>`
        select message_id from notifications
        where status = 'pending' and message_id = any(${accepted}::text[])`.execute(db);
      return rows.map((r) => r.message_id);
    } catch {
      await wait(1000);
    }
  }
  return [];
}
