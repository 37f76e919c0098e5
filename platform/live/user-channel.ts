// The Postgres NOTIFY channel that tells API processes someone has a new message in their notification
// centre. recordNotifications publishes in the statement that writes the rows, so a notice arrives only
// once they are committed. A notice names recipients, never content: the API reads the rows itself.
import { sql } from 'kysely';

export const USER_NOTIFICATIONS_CHANNEL = 'user_notifications';

/** Recipients by user id; null when there were too many to name (anyone may have news). */
export interface UserNotice {
  users: string[] | null;
}

/** NOTIFY payloads are limited to 8000 bytes: a uuid takes 39 of them in a JSON list. */
const MAX_NAMED = 150;

/**
 * The pg_notify call, as an aggregate select expression over a source with a `recipient_id` column:
 * one notice naming them all. Postgres sends it when the transaction commits.
 */
export function userNotice() {
  return sql<string>`pg_notify(${USER_NOTIFICATIONS_CHANNEL}, json_build_object('users',
      case when count(distinct recipient_id) <= ${MAX_NAMED} then json_agg(distinct recipient_id) end)::text)`;
}

/** A notice as received, or null when the payload is not one. */
export function parseUserNotice(payload: string | undefined): UserNotice | null {
  try {
    const notice = JSON.parse(payload ?? '') as Partial<UserNotice>;
    const ok =
      notice.users === null || (Array.isArray(notice.users) && notice.users.every((u) => typeof u === 'string'));
    return ok ? { users: notice.users! } : null;
  } catch {
    return null;
  }
}
