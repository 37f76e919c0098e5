// What a bulk action keeps so that a retry under the same bulk id answers the same and sends nothing
// twice: the run (caller, bulk id, action) and each ticket's settled outcome. A FAILED outcome (the
// ticket did not answer) is not settled: a retry tries that ticket again.
import { sql } from 'kysely';
import { AppError } from '../errors.js';
import type { Db } from '../store/db.js';
import type { BulkResultsTable } from '../store/schema.js';
import type { BulkAction } from './bulk-request.js';

export type SettledOutcome = BulkResultsTable['outcome'];

/** Records the run; a bulk id the caller already used for another action is refused (CONFLICT). */
export async function startBulkRun(db: Db, caller: string, bulkId: string, action: BulkAction): Promise<void> {
  const json = JSON.stringify(action);
  await db
    .insertInto('bulk_runs')
    .values({ caller, bulk_id: bulkId, action: json })
    .onConflict((oc) => oc.columns(['caller', 'bulk_id']).doNothing())
    .execute();
  const same = await db
    .selectFrom('bulk_runs')
    .select(sql<boolean>`action = ${json}::jsonb`.as('same'))
    .where('caller', '=', caller)
    .where('bulk_id', '=', bulkId)
    .executeTakeFirstOrThrow();
  if (!same.same)
    throw new AppError(
      'CONFLICT',
      'This bulk id was already used for another action: a new action needs a new bulk id',
      { reason: 'BULK_ID_REUSED', bulkId },
    );
}

/** The outcomes settled by earlier attempts of the run, by ticket number. */
export async function bulkResults(db: Db, caller: string, bulkId: string) {
  const rows = await db
    .selectFrom('bulk_results')
    .select(['number', 'outcome', 'message'])
    .where('caller', '=', caller)
    .where('bulk_id', '=', bulkId)
    .execute();
  return new Map(rows.map((r) => [r.number, { outcome: r.outcome, message: r.message }]));
}

/** Keeps the settled outcomes of this attempt (FAILED ones are tried again on retry). */
export async function keepOutcomes(
  db: Db,
  caller: string,
  bulkId: string,
  outcomes: { number: string; outcome: string; message: string }[],
): Promise<void> {
  const settled = outcomes.filter((o): o is typeof o & { outcome: SettledOutcome } => o.outcome !== 'FAILED');
  if (settled.length === 0) return;
  await db
    .insertInto('bulk_results')
    .values(settled.map((o) => ({ caller, bulk_id: bulkId, number: o.number, outcome: o.outcome, message: o.message })))
    .onConflict((oc) => oc.columns(['caller', 'bulk_id', 'number']).doNothing())
    .execute();
}
