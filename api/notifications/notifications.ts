// A person's notification centre and preferences in SQL: their in-app messages newest first with the
// unread count, marking read (their own only: one unknown id and nothing changes), and the grid of which
// event reaches them on which channel (no row: on).
import { sql } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import type { Db } from '../../platform/store/db.js';
import { invalidInput, parseInput } from '../../platform/validate.js';
import { decodeCursor, encodeCursor } from '../../platform/tickets/queries.js';
import { PAGE_LIMITS } from '../../platform/page-limits.js';
import {
  notificationChannels,
  notificationEvents,
  type NotificationChannel,
  type NotificationEvent,
} from '../../workflows/process/vocabulary.js';

export interface InAppNotification {
  id: string;
  ticketNumber: string;
  subject: string;
  body: string;
  /** One line: who did what on which ticket (the subject, for messages written before lines were). */
  summary: string;
  event: string;
  template: string;
  createdAt: Date;
  read: boolean;
}

const page = z.object({
  first: z.number().int().min(1).max(PAGE_LIMITS['Query.notifications']),
  after: z.string().max(200).optional(),
  unreadOnly: z.boolean(),
});

/** The person's in-app messages (optionally unread ones only), `first` at a time after the cursor `after`. */
export async function listNotifications(
  db: Db,
  userId: string,
  raw: { first: number; after?: string | null; unreadOnly?: boolean | null },
) {
  const { first, after, unreadOnly } = parseInput(page, {
    first: raw.first,
    after: raw.after ?? undefined,
    unreadOnly: raw.unreadOnly ?? false,
  });
  let query = inbox(db, userId);
  if (unreadOnly) query = query.where('read_at', 'is', null);
  if (after) {
    const cursor = decodeCursor(after);
    query = query.where(sql<boolean>`(${inMs}, id) < (${cursor.createdAt}, ${cursor.id})`);
  }
  const [found, unreadCount] = await Promise.all([
    query
      .select(columns)
      .orderBy(inMs, 'desc')
      .orderBy('id', 'desc')
      .limit(first + 1)
      .execute(),
    countUnread(db, userId),
  ]);
  const shown = found.slice(0, first);
  const last = shown[shown.length - 1];
  return {
    nodes: shown.map(asNotification),
    unreadCount,
    hasNextPage: found.length > first,
    endCursor: last ? encodeCursor(last) : null,
  };
}

/** The person's in-app messages written after `since` (oldest first), for a live stream to catch up. */
export async function notificationsSince(db: Db, userId: string, since: Date): Promise<InAppNotification[]> {
  const rows = await inbox(db, userId)
    .select(columns)
    .where('created_at', '>', since)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(asNotification);
}

export async function countUnread(db: Db, userId: string): Promise<number> {
  const { n } = await inbox(db, userId)
    .where('read_at', 'is', null)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

const markInput = z.union([
  z.object({ ids: z.array(z.uuid()).min(1).max(200), all: z.undefined() }),
  z.object({ ids: z.undefined(), all: z.literal(true) }),
]);

/**
 * Marks the person's messages read: those of `ids`, or `all`. An id that is not one of theirs (unknown,
 * someone else's) refuses the lot. Returns how many are unread now.
 */
export async function markRead(
  db: Db,
  userId: string,
  raw: { ids?: string[] | null; all?: boolean | null },
): Promise<number> {
  const given = { ids: raw.ids ?? undefined, all: raw.all ?? undefined };
  if ((given.ids === undefined) === (given.all === undefined || given.all === false))
    throw invalidInput([{ path: '', message: 'name the notifications (ids) or mark them all (all: true)' }]);
  const input = parseInput(markInput, given);
  return db.transaction().execute(async (trx) => {
    let update = trx
      .updateTable('notifications')
      .set({ read_at: new Date() })
      .where('recipient_id', '=', userId)
      .where('channel', '=', 'in_app')
      .where('read_at', 'is', null);
    if (input.ids) {
      const ids = [...new Set(input.ids)];
      const own = new Set((await inbox(trx, userId).select('id').where('id', 'in', ids).execute()).map((r) => r.id));
      const unknown = ids.filter((id) => !own.has(id));
      if (unknown.length > 0)
        throw new AppError('NOT_FOUND', `no notification of yours has the id ${unknown.join(', ')}`, {
          reason: 'UNKNOWN_NOTIFICATION',
          fields: ['ids'],
        });
      update = update.where('id', 'in', ids);
    }
    await update.execute();
    return countUnread(trx, userId);
  });
}

export interface Preference {
  event: NotificationEvent;
  channel: NotificationChannel;
  enabled: boolean;
}

/** Every event × channel, with whether it reaches the person. */
export async function preferencesOf(db: Db, userId: string): Promise<Preference[]> {
  const set = await db
    .selectFrom('notification_preferences')
    .select(['event', 'channel', 'enabled'])
    .where('user_id', '=', userId)
    .execute();
  const enabled = new Map(set.map((p) => [`${p.event}/${p.channel}`, p.enabled]));
  return notificationEvents.flatMap((event) =>
    notificationChannels.map((channel) => ({ event, channel, enabled: enabled.get(`${event}/${channel}`) ?? true })),
  );
}

const preferenceInput = z.object({
  event: z.enum(notificationEvents),
  channel: z.enum(notificationChannels),
  enabled: z.boolean(),
});

export async function setPreference(db: Db, userId: string, raw: unknown): Promise<Preference> {
  const preference = parseInput(preferenceInput, raw);
  await db
    .insertInto('notification_preferences')
    .values({ user_id: userId, ...preference })
    .onConflict((oc) => oc.columns(['user_id', 'event', 'channel']).doUpdateSet({ enabled: preference.enabled }))
    .execute();
  return preference;
}

/** Creation time as far as a cursor holds it (JavaScript dates have milliseconds): pages order by it. */
const inMs = sql<Date>`date_trunc('milliseconds', created_at)`;

const columns = [
  'id',
  'ticket_number',
  'subject',
  'body',
  'summary',
  'event',
  'template',
  'created_at',
  'read_at',
] as const;

/** The person's notification centre: their in-app rows. */
const inbox = (db: Db, userId: string) =>
  db.selectFrom('notifications').where('recipient_id', '=', userId).where('channel', '=', 'in_app');

function asNotification(row: {
  id: string;
  ticket_number: string;
  subject: string;
  body: string;
  summary: string | null;
  event: string;
  template: string;
  created_at: Date;
  read_at: Date | null;
}): InAppNotification {
  return {
    id: row.id,
    ticketNumber: row.ticket_number,
    subject: row.subject,
    body: row.body,
    summary: row.summary ?? row.subject,
    event: row.event,
    template: row.template,
    createdAt: row.created_at,
    read: row.read_at !== null,
  };
}
