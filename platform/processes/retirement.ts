// Retiring a process: it takes no new tickets (creates are refused, forms no longer offer it) while the
// tickets already running on it go on to their end, on the board as before. Restoring undoes it.
// Both are admin actions and go to the audit log.
import { AppError, notFound } from '../errors.js';
import type { Db } from '../store/db.js';
import type { ProcessVersion } from '../../workflows/process/definition.js';

export interface Retirement {
  key: string;
  retiredAt: Date;
  retiredBy: string;
}

async function assertPublished(db: Db, key: string): Promise<void> {
  const found = await db.selectFrom('process_versions').select('key').where('key', '=', key).executeTakeFirst();
  if (!found) throw notFound('Published process', key);
}

/** Retires the process; retiring a retired process changes nothing and answers its retirement. */
export async function retireProcess(db: Db, key: string, actor: string): Promise<Retirement> {
  await assertPublished(db, key);
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('retired_processes')
      .values({ key, retired_by: actor })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    if (inserted)
      await trx
        .insertInto('audit_log')
        .values({ actor, action: 'process.retired', subject: `process:${key}`, details: '{}' })
        .execute();
    const row = await trx.selectFrom('retired_processes').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
    return { key, retiredAt: row.retired_at, retiredBy: row.retired_by };
  });
}

/** Lets the process take new tickets again; true when it was retired. */
export async function restoreProcess(db: Db, key: string, actor: string): Promise<boolean> {
  await assertPublished(db, key);
  return db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('retired_processes')
      .where('key', '=', key)
      .returning('key')
      .executeTakeFirst();
    if (deleted)
      await trx
        .insertInto('audit_log')
        .values({ actor, action: 'process.restored', subject: `process:${key}`, details: '{}' })
        .execute();
    return deleted !== undefined;
  });
}

/** The version a new ticket of the process starts on: its latest, unless the process is retired. */
export async function versionForNewTicket(db: Db, key: string): Promise<ProcessVersion> {
  const row = await db
    .selectFrom('process_versions as v')
    .leftJoin('retired_processes as r', 'r.key', 'v.key')
    .select(['v.key', 'v.version', 'v.definition', 'r.retired_at'])
    .where('v.key', '=', key)
    .orderBy('v.version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) throw notFound('Published process', key);
  if (row.retired_at)
    throw new AppError('BAD_USER_INPUT', `the process ${key} is retired: it takes no new tickets`, {
      fields: ['process'],
      reason: 'PROCESS_RETIRED',
    });
  return { key: row.key, version: row.version, definition: row.definition };
}

/** Every process that takes new tickets, at its latest version, by key. */
export async function processesTakingTickets(db: Db): Promise<ProcessVersion[]> {
  return db
    .selectFrom('process_versions as v')
    .distinctOn('v.key')
    .select(['v.key', 'v.version', 'v.definition'])
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('retired_processes as r').select('r.key').whereRef('r.key', '=', 'v.key'))),
    )
    .orderBy('v.key')
    .orderBy('v.version', 'desc')
    .execute();
}
