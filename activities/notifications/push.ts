// The Web Push half of a notify action: send one recorded `push` notification to each browser its
// recipient opted in from, encrypted for that browser (RFC 8291) and signed with our VAPID key.
//
// Idempotent per browser: each push service's answer is written down at once as a row per
// (notification, subscription), and an attempt sends only to the browsers without one. A retry after a
// 5xx, a 429 or a lost connection therefore reaches only the browsers still waiting. The one window is
// a crash between a push service's 201 and that row's INSERT: the retry sends that message to that one
// browser again. It is harmless: the message carries a Topic (the push service replaces an undelivered
// copy) and the service worker shows it under a tag of the notification's id (the browser replaces the
// one on screen). A 404 or 410 means the browser unsubscribed: its subscription is removed. Any other
// 4xx is a refusal retrying cannot change: recorded for that browser, never retried. A 429 or 5xx is
// retried by Temporal, after the push service's Retry-After when it gives one.
import { ApplicationFailure } from '@temporalio/activity';
import webpush from 'web-push';
import type { VapidKeys } from '../../platform/push/keys.js';
import type { Db } from '../../platform/store/db.js';
import { PUSH_REFUSED } from '../../workflows/ticket/model.js';

/** Each request to a push service gets this long; the activity's own timeout is longer. */
const REQUEST_TIMEOUT_MS = 10_000;
/** How long a push service keeps a message for a browser that is offline. */
const TTL_SECONDS = 24 * 60 * 60;
/** Push services accept about 4 KiB of encrypted payload; the text is cut well below it. */
const MAX_BODY = 400;

export interface PushSettings {
  keys: () => Promise<VapidKeys>;
  /** The VAPID subject: how a push service reaches the operator. */
  subject: string;
}

/** What the service worker receives (web/public/sw.js shows it and opens `url` on a click). */
export interface PushPayload {
  title: string;
  body: string;
  /** The ticket's page, relative to the app's origin. */
  url: string;
  /** The notification's id: a copy sent twice replaces the first on screen. */
  tag: string;
}

type Answer = 'delivered' | 'gone' | { refused: string } | { temporary: string; retryAfterMs?: number };
/** The longest wait a push service's Retry-After may ask of the next attempt. */
const MAX_RETRY_AFTER_MS = 10 * 60 * 1000;

export async function sendWebPush(
  db: Db,
  settings: PushSettings,
  notificationId: string,
): Promise<'sent' | 'already_sent'> {
  const row = await db.selectFrom('notifications').selectAll().where('id', '=', notificationId).executeTakeFirst();
  if (!row) throw ApplicationFailure.nonRetryable(`no notification ${notificationId}`, 'NotificationMissing');
  if (row.status === 'sent') return 'already_sent';
  if (row.status === 'failed') throw ApplicationFailure.nonRetryable(row.error ?? 'refused', PUSH_REFUSED);
  if (!row.recipient_id) throw ApplicationFailure.nonRetryable(`notification ${row.id} has no user`, PUSH_REFUSED);
  const keys = await settings.keys();
  const waiting = await db
    .selectFrom('push_subscriptions as s')
    .leftJoin('push_deliveries as d', (join) =>
      join.onRef('d.subscription_id', '=', 's.id').on('d.notification_id', '=', notificationId),
    )
    .select(['s.id', 's.endpoint', 's.p256dh', 's.auth'])
    .where('s.user_id', '=', row.recipient_id)
    .where('d.subscription_id', 'is', null)
    .execute();
  const payload: PushPayload = {
    title: row.subject,
    // The one line of who did what; messages from before it had none.
    body: row.summary ? clip(row.summary) : pushBody(row.body),
    url: `/tickets/${encodeURIComponent(row.ticket_number)}`,
    tag: row.id,
  };
  const temporary: string[] = [];
  let retryAfterMs = 0;
  await Promise.all(
    waiting.map(async (subscription) => {
      const answer = await deliver(subscription, JSON.stringify(payload), keys, settings.subject, row.id);
      if (answer === 'gone') await db.deleteFrom('push_subscriptions').where('id', '=', subscription.id).execute();
      else if (typeof answer === 'object' && 'temporary' in answer) {
        temporary.push(answer.temporary);
        retryAfterMs = Math.max(retryAfterMs, answer.retryAfterMs ?? 0);
      } else
        await db
          .insertInto('push_deliveries')
          .values({
            notification_id: row.id,
            subscription_id: subscription.id,
            status: answer === 'delivered' ? 'delivered' : 'refused',
            error: answer === 'delivered' ? null : answer.refused,
          })
          .onConflict((oc) => oc.columns(['notification_id', 'subscription_id']).doNothing())
          .execute();
    }),
  );
  // Retried by Temporal (see workflows/ticket/effects.ts): the next attempt sends to these browsers only.
  // A push service's Retry-After (429, 503) sets when that next attempt comes.
  if (temporary.length > 0)
    throw ApplicationFailure.create({
      message: `push service unavailable: ${temporary.join('; ')}`,
      type: 'PushUnavailable',
      ...(retryAfterMs > 0 && { nextRetryDelay: Math.min(retryAfterMs, MAX_RETRY_AFTER_MS) }),
    });

  const answers = await db
    .selectFrom('push_deliveries')
    .select(['status', 'error'])
    .where('notification_id', '=', row.id)
    .execute();
  if (answers.some((a) => a.status === 'delivered')) {
    await db
      .updateTable('notifications')
      .set({ status: 'sent', sent_at: new Date() })
      .where('id', '=', row.id)
      .execute();
    return 'sent';
  }
  const reason = (answers.map((a) => a.error).join('; ') || 'no browser is subscribed any more').slice(0, 500);
  await db.updateTable('notifications').set({ status: 'failed', error: reason }).where('id', '=', row.id).execute();
  throw ApplicationFailure.nonRetryable(reason, PUSH_REFUSED);
}

/** One POST of the Web Push protocol (RFC 8030) to one browser's push service, and what its answer means. */
async function deliver(
  subscription: { endpoint: string; p256dh: string; auth: string },
  payload: string,
  keys: VapidKeys,
  subject: string,
  notificationId: string,
): Promise<Answer> {
  // web-push encrypts (aes128gcm) and signs (VAPID); fetch sends, with a timeout of our own and to
  // http:// endpoints too (a development push service on this machine; saving refuses them elsewhere).
  let request: ReturnType<typeof webpush.generateRequestDetails>;
  try {
    request = webpush.generateRequestDetails(
      { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
      payload,
      {
        vapidDetails: { subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
        TTL: TTL_SECONDS,
        urgency: 'normal',
        // A Topic is at most 32 characters of base64url: the id's hex digits are.
        topic: notificationId.replace(/-/g, ''),
      },
    );
  } catch (error) {
    // Keys no browser would give (saving checks them): no attempt can encrypt for this browser.
    return { refused: `cannot encrypt for this browser: ${(error as Error).message}` };
  }
  let response: Response;
  try {
    response = await fetch(request.endpoint, {
      method: 'POST',
      // fetch sets Content-Length itself.
      headers: Object.fromEntries(
        Object.entries(request.headers)
          .filter(([k]) => k.toLowerCase() !== 'content-length')
          .map(([k, v]) => [k, String(v)]),
      ),
      body: new Uint8Array(request.body as Buffer),
      redirect: 'error',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    return { temporary: `${originOf(subscription.endpoint)}: ${(error as Error).message}` };
  }
  const text = (await response.text().catch(() => '')).slice(0, 200);
  const said = `${originOf(subscription.endpoint)} answered ${response.status}${text ? ` ${text}` : ''}`;
  if (response.ok) return 'delivered';
  if (response.status === 404 || response.status === 410) return 'gone';
  if (response.status === 429 || response.status >= 500) {
    const retryAfterMs = retryAfter(response.headers.get('retry-after'));
    return { temporary: said, ...(retryAfterMs !== undefined && { retryAfterMs }) };
  }
  return { refused: said };
}

/** The message without its greeting and link: a push notification's few lines, the click opens the ticket. */
function pushBody(text: string): string {
  const lines = text
    .split('\n')
    .filter((line, i) => line.trim() !== '' && i > 0 && !line.startsWith('Open the ticket:'));
  return clip(lines.join('\n'));
}

const clip = (body: string) => (body.length > MAX_BODY ? `${body.slice(0, MAX_BODY - 1)}…` : body);

const originOf = (endpoint: string) => new URL(endpoint).origin;

/** Retry-After as seconds or an HTTP date (RFC 9110), in ms from now. */
function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
