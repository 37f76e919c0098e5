// API keys: how external systems (a mail gateway, Jira, Salesforce) reach the API. A key reads
// `tfk_<prefix>_<secret>`: the prefix finds the row, the secret is kept only as its SHA-256 hash and
// compared in constant time. Its scope names the processes whose tickets it touches, the signals it may
// send, and whether it may create and read tickets. Creating and revoking one is audited.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import { z } from 'zod';
import { AppError, isUniqueViolation, notFound } from '../../platform/errors.js';
import type { Db } from '../../platform/store/db.js';
import type { ApiKeyScope, ApiKeysTable } from '../../platform/store/schema.js';
import { invalidInput, parseInput, type InputProblem } from '../../platform/validate.js';
import { latestVersion } from '../../platform/processes/processes.js';

/** A key as the API shows it: never its secret nor its hash. */
export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scope: ApiKeyScope;
  createdBy: string | null;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

const KEY_PATTERN = /^tfk_([0-9a-f]{8})_([A-Za-z0-9_-]{43,})$/;
/** last_used_at is written at most this often per key: a busy key must not write on every request. */
const LAST_USED_EVERY_SECONDS = 60;

const keyName = z.string().trim().min(1).max(100);
const createInput = z.object({
  name: keyName,
  processes: z.array(z.string().min(1).max(100)).min(1).max(50),
  signals: z.array(z.string().min(1).max(200)).max(200),
  createTickets: z.boolean(),
  readTickets: z.boolean(),
});

const digest = (secret: string) => createHash('sha256').update(secret).digest();

export const looksLikeApiKey = (token: string) => token.startsWith('tfk_');

function toApiKey(row: Omit<Selectable<ApiKeysTable>, 'secret_hash'>): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scope: row.scope,
    createdBy: row.created_by,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

/** Processes must be published; every signal must be declared by one of them (by their latest version). */
async function checkScope(db: Db, scope: ApiKeyScope): Promise<void> {
  const problems: InputProblem[] = [];
  const declared = new Set<string>();
  for (const [i, key] of scope.processes.entries()) {
    const version = await latestVersion(db, key).catch(() => undefined);
    if (!version) problems.push({ path: `processes[${i}]`, message: `no published process "${key}"` });
    for (const signal of version?.definition.signals ?? []) declared.add(signal.name);
  }
  for (const [i, name] of scope.signals.entries())
    if (!declared.has(name))
      problems.push({ path: `signals[${i}]`, message: `no process of this key declares the signal "${name}"` });
  if (problems.length) throw invalidInput(problems, 'Invalid API key scope');
}

/** A new key. Its full text is returned here once and can never be read again. */
export async function createApiKey(db: Db, adminId: string, raw: unknown): Promise<{ key: ApiKey; secret: string }> {
  const input = parseInput(createInput, raw);
  const scope: ApiKeyScope = {
    processes: [...new Set(input.processes)],
    signals: [...new Set(input.signals)],
    createTickets: input.createTickets,
    readTickets: input.readTickets,
  };
  await checkScope(db, scope);
  for (;;) {
    const prefix = randomBytes(4).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    try {
      const row = await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('api_keys')
          .values({
            name: input.name,
            prefix,
            secret_hash: digest(secret).toString('hex'),
            scope: JSON.stringify(scope),
            created_by: adminId,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('audit_log')
          .values({
            actor: adminId,
            action: 'api_key.created',
            subject: `api_key:${inserted.id}`,
            details: JSON.stringify({ name: input.name, prefix, scope }),
          })
          .execute();
        return inserted;
      });
      return { key: toApiKey(row), secret: `tfk_${prefix}_${secret}` };
    } catch (error) {
      // Two keys drew the same prefix (1 in 4 billion): draw again.
      if (!isUniqueViolation(error)) throw error;
    }
  }
}

/** The key a request presents, if it is one of ours and not revoked; UNAUTHENTICATED with a reason otherwise. */
export async function authenticateApiKey(db: Db, token: string): Promise<ApiKey> {
  const match = KEY_PATTERN.exec(token);
  if (!match) throw new AppError('UNAUTHENTICATED', 'the API key is malformed', { reason: 'API_KEY_MALFORMED' });
  const row = await db.selectFrom('api_keys').selectAll().where('prefix', '=', match[1]!).executeTakeFirst();
  // Hashing before comparing keeps the comparison constant-time whatever the length presented.
  const presented = digest(match[2]!);
  const matches = row !== undefined && timingSafeEqual(presented, Buffer.from(row.secret_hash, 'hex'));
  if (!row || !matches)
    throw new AppError('UNAUTHENTICATED', 'the API key is not valid', { reason: 'API_KEY_INVALID' });
  if (row.revoked_at) throw new AppError('UNAUTHENTICATED', 'the API key was revoked', { reason: 'API_KEY_REVOKED' });
  if (!row.last_used_at || row.last_used_at.getTime() < Date.now() - LAST_USED_EVERY_SECONDS * 1000) {
    await db
      .updateTable('api_keys')
      .set({ last_used_at: sql<Date>`now()` })
      .where('id', '=', row.id)
      .where((eb) =>
        eb.or([
          eb('last_used_at', 'is', null),
          eb('last_used_at', '<', sql<Date>`now() - make_interval(secs => ${LAST_USED_EVERY_SECONDS})`),
        ]),
      )
      .execute();
  }
  return toApiKey(row);
}

/** Revokes a key at once; revoking a revoked key changes nothing and is not audited again. */
export async function revokeApiKey(db: Db, adminId: string, id: string): Promise<ApiKey> {
  parseInput(z.uuid(), id);
  return db.transaction().execute(async (trx) => {
    const revoked = await trx
      .updateTable('api_keys')
      .set({ revoked_at: sql<Date>`now()` })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!revoked) {
      const found = await trx.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
      if (!found) throw notFound('API key', id);
      return toApiKey(found);
    }
    await trx
      .insertInto('audit_log')
      .values({
        actor: adminId,
        action: 'api_key.revoked',
        subject: `api_key:${id}`,
        details: JSON.stringify({ name: revoked.name, prefix: revoked.prefix }),
      })
      .execute();
    return toApiKey(revoked);
  });
}

/** Every key, newest first, revoked ones included. */
export async function listApiKeys(db: Db): Promise<ApiKey[]> {
  const rows = await db
    .selectFrom('api_keys')
    .select(['id', 'name', 'prefix', 'scope', 'created_by', 'created_at', 'revoked_at', 'last_used_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toApiKey);
}
