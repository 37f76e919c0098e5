// The first half of a notify action: decide who gets what on which channel and write each message down
// before anything is sent. A row per (effect, recipient, channel), inserted once whatever the retries
// (the unique key ignores a second insert), so the send step finds every message exactly once. The
// notification centre's messages are delivered by being written (and announced to the API on the
// user_notifications channel); mail is sent by sendEmail, Web Push by sendWebPush (one `push` row per
// person with a browser opted in, sent to each of their browsers). The notification centre's messages
// also carry one line saying who did what (summary.ts).
import { randomUUID } from 'node:crypto';
import { userNotice } from '../../platform/live/user-channel.js';
import type { Db } from '../../platform/store/db.js';
import type { Recipient } from '../../workflows/process/definition.js';
import type { FieldValue } from '../../workflows/ticket/model.js';
import type { NotificationChannel, NotificationEvent } from '../../workflows/process/vocabulary.js';
import { resolveRecipients, type TicketPeople } from './recipients.js';
import { readAct, summaryLine } from './summary.js';
import { render } from './templates.js';

export interface NotifyRequest {
  ticketId: string;
  number: string;
  /** The workflow's id for this run of the action: retries and replays carry the same one. */
  effectId: string;
  /** The timeline event the action follows. */
  eventSeq: number;
  event: NotificationEvent;
  template: string;
  to: Recipient[];
  channels: ('email' | 'push')[];
  /** The `push` channel also reaches the person's browsers by Web Push. Absent in runs from before it. */
  webPush?: boolean;
  people: TicketPeople;
  /** People addressed by user id besides `to` (those an internal note mentions). Absent in runs from before it. */
  users?: string[];
  /** The user whose act the message tells of: they are not told of it. */
  exclude?: string;
  stateLabel: string;
  /** A field the action includes, with its value as the ticket holds it (long text by stored id). */
  field?: { label: string; value: FieldValue };
}

export interface Skipped {
  channel: NotificationChannel;
  reason: 'no_account' | 'not_configured' | 'turned_off';
}

export interface RecordedNotifications {
  /** Mail still to send, by notification id. */
  emails: string[];
  /** Web Push messages still to send (webPush only), by notification id. */
  pushes: string[];
  /** Messages already sent or failed (on a retry), and those in the notification centre; `push` only
   * when the run addressed a browser at all. */
  sent: { email: number; in_app: number; push?: number };
  /** Mail already refused (on a retry): the workflow counts it failed. */
  failed: number;
  skipped: Skipped[];
  recipients: number;
}

export async function recordNotifications(
  db: Db,
  request: NotifyRequest,
  settings: { mailConfigured: boolean; publicUrl: string; messageIdDomain: string },
): Promise<RecordedNotifications> {
  const addressees = (await resolveRecipients(db, request.to, request.people, request.users)).filter(
    (a) => !request.exclude || a.userId !== request.exclude,
  );
  const ticket = await db.selectFrom('tickets').select('title').where('id', '=', request.ticketId).executeTakeFirst();
  // A message to people named by id (a mention) names who named them; no other reads it.
  const actor =
    request.exclude && request.users?.length
      ? await db.selectFrom('users').select('name').where('id', '=', request.exclude).executeTakeFirst()
      : undefined;
  const field = request.field && { label: request.field.label, value: await fieldText(db, request.field.value) };
  // Who did what: the centre's one line, and the public comment itself for the mail.
  const act = await readAct(db, request);
  const summary = summaryLine({
    number: request.number,
    title: ticket?.title ?? request.number,
    event: request.event,
    stateLabel: request.stateLabel,
    act,
    ...(field && { field: field.value }),
  });
  const userIds = addressees.flatMap((a) => (a.userId ? [a.userId] : []));
  const turnedOff = new Set(
    userIds.length === 0
      ? []
      : (
          await db
            .selectFrom('notification_preferences')
            .select(['user_id', 'channel'])
            .where('user_id', 'in', userIds)
            .where('event', '=', request.event)
            .where('enabled', '=', false)
            .execute()
        ).map((p) => `${p.user_id}/${p.channel}`),
  );
  const channels = [
    ...new Set(
      request.channels.flatMap((c): NotificationChannel[] =>
        c === 'email' ? ['email'] : request.webPush ? ['in_app', 'push'] : ['in_app'],
      ),
    ),
  ];
  // Web Push reaches only people who opted in from a browser: for anyone else it is no channel at all.
  const withBrowser = new Set(
    userIds.length === 0 || !channels.includes('push')
      ? []
      : (
          await db
            .selectFrom('push_subscriptions')
            .select('user_id')
            .distinct()
            .where('user_id', 'in', userIds)
            .execute()
        ).map((s) => s.user_id),
  );
  const skipped: Skipped[] = [];
  const rows = addressees.flatMap((a) => {
    const message = render(request.template, {
      number: request.number,
      title: ticket?.title ?? request.number,
      stateLabel: request.stateLabel,
      link: `${settings.publicUrl.replace(/\/$/, '')}/tickets/${encodeURIComponent(request.number)}`,
      recipientName: a.name,
      ...(actor && { actorName: actor.name }),
      ...(field && { field }),
      ...(act.comment && { comment: act.comment }),
    });
    return channels.flatMap((channel) => {
      if (channel === 'push' && !(a.userId && withBrowser.has(a.userId))) return [];
      const reason =
        channel === 'in_app' && !a.userId
          ? 'no_account'
          : channel === 'email' && !settings.mailConfigured
            ? 'not_configured'
            : turnedOff.has(`${a.userId}/${channel}`)
              ? 'turned_off'
              : undefined;
      if (reason) {
        skipped.push({ channel, reason });
        return [];
      }
      const id = randomUUID();
      return [
        {
          id,
          ticket_id: request.ticketId,
          ticket_number: request.number,
          effect_id: request.effectId,
          event_seq: request.eventSeq,
          event: request.event,
          template: request.template,
          recipient_key: a.key,
          recipient_id: a.userId,
          recipient_name: a.name,
          recipient_email: a.email,
          channel,
          subject: message.subject,
          body: message.text,
          html: message.html,
          ...(channel !== 'email' && { summary }),
          message_id: `<${id}@${settings.messageIdDomain}>`,
          // In the notification centre, written is delivered.
          ...(channel === 'in_app' && { status: 'sent' as const, sent_at: new Date() }),
        },
      ];
    });
  });
  // One statement: the rows, and a notice naming whoever got a new one in their notification centre
  // (none when a retry inserted nothing), which Postgres sends once the rows are committed.
  if (rows.length > 0)
    await db
      .with('inserted', (q) =>
        q
          .insertInto('notifications')
          .values(rows)
          .onConflict((oc) => oc.columns(['effect_id', 'recipient_key', 'channel']).doNothing())
          .returning(['recipient_id', 'channel']),
      )
      .selectFrom('inserted')
      .select(userNotice().as('notice'))
      .where('channel', '=', 'in_app')
      .where('recipient_id', 'is not', null)
      .having((eb) => eb.fn.countAll(), '>', 0)
      .execute();

  const stored = await db
    .selectFrom('notifications')
    .select(['id', 'channel', 'status'])
    .where('effect_id', '=', request.effectId)
    .orderBy('recipient_email')
    .execute();
  const sent: RecordedNotifications['sent'] = { email: 0, in_app: 0 };
  if (stored.some((r) => r.channel === 'push')) sent.push = 0;
  for (const row of stored) if (row.status === 'sent') sent[row.channel] = (sent[row.channel] ?? 0) + 1;
  const pending = (channel: NotificationChannel) =>
    stored.filter((r) => r.channel === channel && r.status === 'pending').map((r) => r.id);
  return {
    emails: pending('email'),
    pushes: pending('push'),
    sent,
    failed: stored.filter((r) => r.channel === 'email' && r.status === 'failed').length,
    skipped,
    recipients: addressees.length,
  };
}

/** A field's value as words: a long text is read from where it is stored. */
export async function fieldText(db: Db, value: FieldValue): Promise<string> {
  if (typeof value !== 'object') return String(value);
  const stored = await db.selectFrom('ticket_texts').select('body').where('id', '=', value.text).executeTakeFirst();
  return stored?.body ?? '';
}
