// Keeps the read model from running ahead of its workflows. A projection runs inside the workflow task
// that made a change, before the Temporal server has stored it; a row showing an update whose task is
// not yet known stored is marked (workflows/ticket/projection.ts). Most marks go within milliseconds
// (the update's answer: confirmations.ts); a mark that stays means a lost task, a caller gone or a
// process killed, and the sweep asks the workflow for what it really holds and writes that over the
// row. Only marked rows are looked at (a partial index holds them), so the sweep costs nothing per
// open ticket. Operators mend one ticket by hand with `ticket repair`.
import { sql } from 'kysely';
import { projectTicket } from './projection.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Db } from '../store/db.js';
import { syncUpdate } from '../../workflows/ticket/messages.js';
import type { TicketSnapshot } from '../../workflows/ticket/model.js';
import * as store from './store.js';
import type { TicketWorkflows } from './ticket-workflows.js';

/** A mark older than this is checked: longer than a change waits for its answer (10 s) would be
 * safest, but an answer clears a mark within milliseconds, so a shorter wait only costs a few checks. */
export const SWEEP_MARKS_OLDER_THAN_MS = 5_000;
export const SWEEP_EVERY_MS = 5_000;
/** Rows mended at once: each is one update to its workflow. */
const SWEEP_CONCURRENCY = 4;
const SWEEP_BATCH = 200;

export function createReadModelRepair(db: Db, workflows: TicketWorkflows) {
  /**
   * Writes the ticket's workflow state over its row and drops timeline events beyond it (and with it the
   * row's mark). An open ticket's workflow does so itself, in a task the server stores; a closed one's
   * last state, read from its history, is written from here.
   */
  async function repair(number: string): Promise<TicketSnapshot> {
    try {
      return await workflows.update(number, syncUpdate, { settled: false, repair: true });
    } catch (error) {
      if (!(error instanceof AppError && error.details.reason === 'TICKET_CLOSED')) throw error;
      const row = await store.findTicket(db, number);
      const { ticket, seq, doneAt } = await workflows.projected(number);
      await projectTicket(db, { ticketId: row.id, ticket, seq, doneAt, events: [], repair: true });
      return ticket;
    }
  }

  /** One pass over marked rows older than `olderThanMs`: the tickets mended, and those that failed. Stops
   * at the first UNAVAILABLE (Temporal is down: the next pass tries again). */
  async function sweep(olderThanMs = SWEEP_MARKS_OLDER_THAN_MS) {
    // Claimed by moving their mark's time on: another API replica's sweep passes them by for now, and a
    // check that fails (Temporal down) comes round again a pass later.
    const rows = await db
      .updateTable('tickets')
      .set({ unconfirmed_since: sql<Date>`now()` })
      .where(
        'id',
        'in',
        db
          .selectFrom('tickets')
          .select('id')
          .where('unconfirmed_since', '<', sql<Date>`now() - make_interval(secs => ${olderThanMs / 1000})`)
          .orderBy('unconfirmed_since')
          .limit(SWEEP_BATCH)
          .forUpdate()
          .skipLocked(),
      )
      .returning('number')
      .execute();
    const mended: string[] = [];
    const failed: { number: string; error: unknown }[] = [];
    for (let i = 0; i < rows.length; i += SWEEP_CONCURRENCY) {
      const numbers = rows.slice(i, i + SWEEP_CONCURRENCY).map((r) => r.number);
      const results = await Promise.allSettled(numbers.map((number) => repair(number)));
      results.forEach((r, j) => {
        if (r.status === 'fulfilled') mended.push(numbers[j]!);
        else failed.push({ number: numbers[j]!, error: r.reason });
      });
      if (failed.some((f) => f.error instanceof AppError && f.error.code === 'UNAVAILABLE')) break;
    }
    return { mended, failed };
  }

  return { repair, sweep };
}

/** Sweeps every `everyMs` until stopped; a pass that fails is logged and tried again next time. */
export function startReadModelSweep(
  tickets: { sweepReadModel: ReturnType<typeof createReadModelRepair>['sweep'] },
  log: Logger,
  options: { everyMs?: number; olderThanMs?: number } = {},
) {
  let running: Promise<void> | undefined;
  const pass = () => {
    running ??= tickets
      .sweepReadModel(options.olderThanMs)
      .then(({ mended, failed }) => {
        if (mended.length) log.info({ mended }, 'read-model rows checked against their workflows');
        for (const { number, error } of failed) {
          const down = error instanceof AppError && error.code === 'UNAVAILABLE';
          if (down) log.info({ number }, 'Temporal does not answer: read-model rows are checked later');
          else log.warn({ err: error, number }, 'could not check a read-model row');
        }
      })
      .catch((error: unknown) => log.warn({ err: error }, 'the read-model sweep stopped; trying again later'))
      .finally(() => (running = undefined));
  };
  const timer = setInterval(pass, options.everyMs ?? SWEEP_EVERY_MS);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
