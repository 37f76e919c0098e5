// The browsers a person opted in to Web Push from: a browser's PushSubscription (its push service
// endpoint, its P-256 public key and auth secret) checked for the shape browsers give, then kept for
// them; and removed when they opt out. An endpoint is one browser's, so saving it again (another
// person signed in on that browser) makes it the saver's. A person keeps their newest few browsers.
import { ECDH, timingSafeEqual } from 'node:crypto';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import type { Db } from '../../platform/store/db.js';
import type { Database } from '../../platform/store/schema.js';
import { invalidInput, parseInput } from '../../platform/validate.js';

/** Browsers kept per person; saving one more forgets the oldest (a browser long gone, most likely). */
export const MAX_BROWSERS_PER_PERSON = 10;

export interface WebPushSubscription {
  endpoint: string;
  createdAt: Date;
}

const LOCAL_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];
const base64url = /^[A-Za-z0-9_-]+={0,2}$/;
const decoded = (value: string) => Buffer.from(value, 'base64url');

const subscriptionInput = (allowLocalEndpoints: boolean) =>
  z.object({
    endpoint: z
      .string()
      .max(2048, 'must be at most 2048 characters')
      .superRefine((value, ctx) => {
        const problem = endpointProblem(value, allowLocalEndpoints);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    expirationTime: z.number().nullish(),
    keys: z.object({
      p256dh: z
        .string()
        .max(200)
        .regex(base64url, 'must be base64url')
        .refine(isP256PublicKey, 'must be an uncompressed P-256 public key (65 bytes, base64url)'),
      auth: z
        .string()
        .max(50)
        .regex(base64url, 'must be base64url')
        .refine((value) => decoded(value).length === 16, 'must be a 16-byte auth secret (base64url)'),
    }),
  });

function endpointProblem(value: string, allowLocalEndpoints: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a URL';
  }
  if (url.username || url.password) return 'must not carry a user name or password';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && allowLocalEndpoints && LOCAL_HOSTS.includes(url.hostname)) return undefined;
  return allowLocalEndpoints
    ? 'must be an https:// URL (or http:// on 127.0.0.1 or localhost)'
    : 'must be an https:// URL';
}

function isP256PublicKey(value: string): boolean {
  const key = decoded(value);
  if (key.length !== 65 || key[0] !== 0x04) return false;
  try {
    ECDH.convertKey(key, 'prime256v1');
    return true;
  } catch {
    return false;
  }
}

type SubscriptionInput = z.infer<ReturnType<typeof subscriptionInput>>;
type Settings = { allowLocalEndpoints: boolean };

function parseSubscription(raw: unknown, settings: Settings): SubscriptionInput {
  try {
    return parseInput(subscriptionInput(settings.allowLocalEndpoints), raw);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const problems = (error.details.problems as { path: string; message: string }[]).map((p) => ({
      ...p,
      path: p.path ? `subscription.${p.path}` : 'subscription',
    }));
    const refusal = invalidInput(problems, 'Not a usable push subscription');
    throw new AppError('BAD_USER_INPUT', refusal.message, { ...refusal.details, reason: 'INVALID_PUSH_SUBSCRIPTION' });
  }
}

/** Keeps the browser's subscription for the person (refused as a whole, nothing kept, if any part is bad). */
export async function saveSubscription(
  db: Db,
  userId: string,
  raw: unknown,
  settings: Settings,
): Promise<WebPushSubscription> {
  const input = parseSubscription(raw, settings);
  return db.transaction().execute((trx) => keep(trx, userId, input));
}

/**
 * A browser's push service replaced its subscription (`pushsubscriptionchange`, which the service
 * worker handles with nobody signed in): the new one takes the place of the old for the same person.
 * The old subscription's auth secret, which only that browser and this server know, shows the call is
 * the browser's; an unknown endpoint or a wrong secret answer the same NOT_FOUND and change nothing.
 */
export async function renewSubscription(
  db: Db,
  previous: { endpoint: string; auth: string },
  raw: unknown,
  settings: Settings,
): Promise<WebPushSubscription> {
  const input = parseSubscription(raw, settings);
  return db.transaction().execute(async (trx) => {
    const old = await trx
      .selectFrom('push_subscriptions')
      .select(['user_id', 'auth'])
      .where('endpoint', '=', previous.endpoint)
      .forUpdate()
      .executeTakeFirst();
    if (!old || !sameSecret(old.auth, previous.auth))
      throw new AppError('NOT_FOUND', 'no browser is subscribed with this endpoint and secret', {
        reason: 'UNKNOWN_PUSH_SUBSCRIPTION',
        fields: ['previous'],
      });
    await trx.deleteFrom('push_subscriptions').where('endpoint', '=', previous.endpoint).execute();
    return keep(trx, old.user_id, input);
  });
}

function sameSecret(stored: string, given: string): boolean {
  const a = Buffer.from(stored);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The subscription kept for the person, their oldest browsers beyond the newest few forgotten. */
async function keep(trx: Transaction<Database>, userId: string, input: SubscriptionInput) {
  const saved = await trx
    .insertInto('push_subscriptions')
    .values({ user_id: userId, endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth })
    .onConflict((oc) =>
      oc.column('endpoint').doUpdateSet({
        user_id: userId,
        p256dh: input.keys.p256dh,
        auth: input.keys.auth,
        created_at: new Date(),
      }),
    )
    .returning(['endpoint', 'created_at'])
    .executeTakeFirstOrThrow();
  await trx
    .deleteFrom('push_subscriptions')
    .where('user_id', '=', userId)
    .where('id', 'not in', (q) =>
      q
        .selectFrom('push_subscriptions')
        .select('id')
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .limit(MAX_BROWSERS_PER_PERSON),
    )
    .execute();
  return { endpoint: saved.endpoint, createdAt: saved.created_at };
}

/** Forgets the person's browser by its endpoint; one that is not theirs answers NOT_FOUND. */
export async function removeSubscription(db: Db, userId: string, endpoint: string): Promise<boolean> {
  const removed = await db
    .deleteFrom('push_subscriptions')
    .where('user_id', '=', userId)
    .where('endpoint', '=', endpoint)
    .executeTakeFirst();
  if (removed.numDeletedRows === 0n)
    throw new AppError('NOT_FOUND', 'no browser of yours is subscribed with this endpoint', {
      reason: 'UNKNOWN_PUSH_SUBSCRIPTION',
      fields: ['endpoint'],
    });
  return true;
}
