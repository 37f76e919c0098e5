// Clears a ticket row's "not yet stored" mark once its update's answer has come back: an answer means
// the Temporal server stored the workflow task that projected the change. Batched and off the caller's
// path, so a move costs no extra round trip; a clear that fails or never runs (the process died) only
// leaves the mark for the sweep, which checks it against the workflow.
import type { Logger } from '../log.js';
import { sql } from 'kysely';
import type { Db } from '../store/db.js';

/** How long answers gather before one statement clears their marks. */
const BATCH_MS = 25;

export function createConfirmations(db: Db, log?: Logger) {
  let numbers: string[] = [];
  let updates: string[] = [];
  let flushing: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  async function write(batch: { numbers: string[]; updates: string[] }): Promise<void> {
    await sql`update tickets t set unconfirmed_update = null, unconfirmed_since = null
      from unnest(${batch.numbers}::text[], ${batch.updates}::text[]) as c(number, update_id)
      where t.number = c.number and t.unconfirmed_update = c.update_id`.execute(db);
  }

  function flush(): Promise<void> {
    timer = undefined;
    if (numbers.length === 0) return flushing;
    const batch = { numbers, updates };
    numbers = [];
    updates = [];
    flushing = flushing
      .then(() => write(batch))
      .catch((error: unknown) => log?.warn({ err: error }, 'clearing read-model marks failed; the sweep will'));
    return flushing;
  }

  return {
    /** The ticket's update `updateId` has its answer: its projections are stored for good. */
    confirmed(number: string, updateId: string): void {
      numbers.push(number);
      updates.push(updateId);
      timer ??= setTimeout(() => void flush(), BATCH_MS);
    },
    /** Clears what is queued now (tests, shutdown). */
    flush(): Promise<void> {
      if (timer) clearTimeout(timer);
      return flush();
    },
  };
}

export type Confirmations = ReturnType<typeof createConfirmations>;
