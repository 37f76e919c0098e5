// Process definitions: drafts that admins edit and the immutable versions they publish. New tickets
// start on the latest published version; a running ticket keeps the version it started on.
import { sql } from 'kysely';
import { AppError, notFound } from '../errors.js';
import type { Db } from '../store/db.js';
import { unstorableText } from '../text.js';
import { listProblems } from '../validate.js';
import type { ProcessVersion } from '../../workflows/process/definition.js';
import { validateDefinition, type Problem } from '../../workflows/process/validate.js';

export interface DraftResult {
  key: string;
  /** Empty when the draft could be published as it is. */
  problems: Problem[];
}

export interface PublishResult extends ProcessVersion {
  /** False when the definition equals the latest version, which is then returned instead. */
  created: boolean;
}

export interface ProcessSummary {
  key: string;
  name: string;
  latestVersion: number | null;
  publishedAt: Date | null;
  hasDraft: boolean;
  /** Set while the process takes no new tickets. */
  retiredAt: Date | null;
  retiredBy: string | null;
}

async function knownGroups(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('groups').select('key').execute();
  return new Set(rows.map((row) => row.key));
}

/** Validates against the shape, the language's rules, the text rule and the groups that exist. */
export async function checkDefinition(db: Db, input: unknown) {
  return validateDefinition(input, { groups: await knownGroups(db) });
}

/** A definition is stored as JSON, even as a draft: one with text Postgres cannot store is refused,
 * with every problem it has, not only that one. */
async function assertStorable(db: Db, input: unknown): Promise<void> {
  if (unstorableText(input).length === 0) return;
  const result = await checkDefinition(db, input);
  if (!result.ok) throw invalid(result.problems);
}

export function invalid(problems: Problem[]): AppError {
  const listed = listProblems(problems);
  const lines = listed.map((p) => `${p.path || '(definition)'}: ${p.message}`);
  return new AppError(
    'BAD_USER_INPUT',
    `The process definition has ${problems.length} problem(s):\n  ${lines.join('\n  ')}`,
    { problems: listed },
  );
}

/** Saves a draft, valid or not (work in progress), and reports what stands in the way of publishing. */
export async function saveDraft(db: Db, input: unknown, actor: string): Promise<DraftResult> {
  await assertStorable(db, input);
  const key = draftKey(input);
  await upsertDraft(db, key, input, actor);
  const result = await checkDefinition(db, input);
  return { key, problems: result.ok ? [] : result.problems };
}

/** Publishes the draft as the next version, unless it equals the latest version already. */
export async function publishDraft(db: Db, key: string, actor: string): Promise<PublishResult> {
  return db.transaction().execute(async (trx) => {
    // The draft row's lock serialises concurrent publishes of one process.
    const draft = await trx
      .selectFrom('process_drafts')
      .select('definition')
      .where('key', '=', key)
      .forUpdate()
      .executeTakeFirst();
    if (!draft) throw notFound('Process draft', key);
    return publishLocked(trx, draft.definition, actor);
  });
}

/** Saves the definition as the draft and publishes exactly it: the command line's `process publish FILE`. */
export async function publishDefinition(db: Db, input: unknown, actor: string): Promise<PublishResult> {
  await assertStorable(db, input);
  const key = draftKey(input);
  return db.transaction().execute(async (trx) => {
    await upsertDraft(trx, key, input, actor); // locks the draft row
    return publishLocked(trx, input, actor);
  });
}

function draftKey(input: unknown): string {
  const key = typeof input === 'object' && input !== null && 'key' in input ? input.key : undefined;
  if (typeof key !== 'string' || !/^[a-z][a-z0-9-]*$/.test(key)) {
    throw invalid([{ path: 'key', message: 'a draft needs a key: lowercase letters, digits and -' }]);
  }
  return key;
}

async function upsertDraft(db: Db, key: string, definition: unknown, actor: string): Promise<void> {
  const json = JSON.stringify(definition);
  await db
    .insertInto('process_drafts')
    .values({ key, definition: json, updated_by: actor })
    .onConflict((oc) => oc.column('key').doUpdateSet({ definition: json, updated_by: actor, updated_at: new Date() }))
    .execute();
}

/** Runs in a transaction that holds the lock on the process's draft row. */
async function publishLocked(trx: Db, input: unknown, actor: string): Promise<PublishResult> {
  const result = await checkDefinition(trx, input);
  if (!result.ok) throw invalid(result.problems);
  const { definition } = result;
  const key = definition.key;
  const latest = await trx
    .selectFrom('process_versions')
    .select(['version', sql<boolean>`definition = ${JSON.stringify(definition)}::jsonb`.as('same')])
    .where('key', '=', key)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (latest?.same) return { key, version: latest.version, definition, created: false };

  const version = (latest?.version ?? 0) + 1;
  await trx
    .insertInto('process_versions')
    .values({ key, version, definition: JSON.stringify(definition), published_by: actor })
    .execute();
  await trx
    .insertInto('audit_log')
    .values({ actor, action: 'process.published', subject: `process:${key}`, details: JSON.stringify({ version }) })
    .execute();
  return { key, version, definition, created: true };
}

/** True when the key has a published version or a draft. */
export async function processExists(db: Db, key: string): Promise<boolean> {
  const row = await db
    .selectFrom('process_versions')
    .select('key')
    .where('key', '=', key)
    .union(db.selectFrom('process_drafts').select('key').where('key', '=', key))
    .executeTakeFirst();
  return row !== undefined;
}

export async function latestVersion(db: Db, key: string): Promise<ProcessVersion> {
  const row = await db
    .selectFrom('process_versions')
    .select(['key', 'version', 'definition'])
    .where('key', '=', key)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) throw notFound('Published process', key);
  return row;
}

export async function getVersion(db: Db, key: string, version: number): Promise<ProcessVersion> {
  const row = await db
    .selectFrom('process_versions')
    .select(['key', 'version', 'definition'])
    .where('key', '=', key)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw notFound('Process version', `${key} v${version}`);
  return row;
}

export async function listProcesses(db: Db): Promise<ProcessSummary[]> {
  const rows = await db
    .selectFrom('process_drafts as d')
    .fullJoin(
      (eb) =>
        eb
          .selectFrom('process_versions')
          .distinctOn('key')
          .select(['key', 'version', 'published_at', sql<string>`definition->>'name'`.as('name')])
          .orderBy('key')
          .orderBy('version', 'desc')
          .as('v'),
      (join) => join.onRef('v.key', '=', 'd.key'),
    )
    .leftJoin('retired_processes as r', 'r.key', 'v.key')
    .select([
      'r.retired_at',
      'r.retired_by',
      sql<string>`coalesce(v.key, d.key)`.as('key'),
      sql<string>`coalesce(v.name, d.definition->>'name', '')`.as('name'),
      'v.version',
      'v.published_at',
      sql<boolean>`d.key is not null and (v.key is null or d.definition is distinct from (select definition from process_versions where key = v.key and version = v.version))`.as(
        'hasDraft',
      ),
    ])
    .orderBy('key')
    .execute();
  return rows.map((row) => ({
    key: row.key,
    name: row.name,
    latestVersion: row.version ?? null,
    publishedAt: row.published_at ?? null,
    hasDraft: row.hasDraft,
    retiredAt: row.retired_at ?? null,
    retiredBy: row.retired_by ?? null,
  }));
}

export interface PublishedVersion extends ProcessVersion {
  publishedAt: Date;
  publishedBy: string;
}

/** The version asked for, or the latest when `version` is omitted; undefined when there is none. */
export async function findPublished(db: Db, key: string, version?: number): Promise<PublishedVersion | undefined> {
  let query = db
    .selectFrom('process_versions')
    .select(['key', 'version', 'definition', 'published_at', 'published_by'])
    .where('key', '=', key);
  query = version === undefined ? query.orderBy('version', 'desc').limit(1) : query.where('version', '=', version);
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  const { published_at, published_by, ...rest } = row;
  return { ...rest, publishedAt: published_at, publishedBy: published_by };
}

/** Every published version of a process, oldest first, without their definitions. */
export async function listVersions(db: Db, key: string) {
  const rows = await db
    .selectFrom('process_versions')
    .select(['version', 'published_at', 'published_by'])
    .where('key', '=', key)
    .orderBy('version')
    .execute();
  return rows.map((row) => ({ version: row.version, publishedAt: row.published_at, publishedBy: row.published_by }));
}

/** A draft as its readers get it: the definition as saved, and what stands in the way of publishing it. */
export type ProcessDraft = NonNullable<Awaited<ReturnType<typeof findDraft>>>;

/** The draft as saved, with what stands in the way of publishing it; undefined when there is none. */
export async function findDraft(db: Db, key: string) {
  const row = await db
    .selectFrom('process_drafts')
    .select(['key', 'definition', 'updated_at', 'updated_by'])
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row) return undefined;
  const result = await checkDefinition(db, row.definition);
  return {
    key: row.key,
    definition: row.definition,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    problems: result.ok ? [] : listProblems(result.problems),
  };
}
