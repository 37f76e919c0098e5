// The notification service: a person's notification centre (their in-app messages, read marks and
// preferences) and the browsers they receive Web Push in. Everything here is the signed-in person's own:
// each operation takes the person and reaches only their rows; a browser renewing its subscription
// proves itself with the previous subscription's secret instead (push-subscriptions.ts).
import type { Db } from '../../platform/store/db.js';
import type { User } from '../../platform/people/users.js';
import { listNotifications, markRead, preferencesOf, setPreference } from './notifications.js';
import { removeSubscription, renewSubscription, saveSubscription } from './push-subscriptions.js';

/** Which push endpoints a subscription may name (local ones in development only). */
export interface PushEndpoints {
  allowLocalEndpoints: boolean;
}

export function createNotificationService(db: Db) {
  return {
    list: (person: User, page: { first: number; after?: string | null; unreadOnly?: boolean | null }) =>
      listNotifications(db, person.id, page),
    markRead: (person: User, which: { ids?: string[] | null; all?: boolean | null }) => markRead(db, person.id, which),
    preferences: (person: User) => preferencesOf(db, person.id),
    setPreference: (person: User, raw: unknown) => setPreference(db, person.id, raw),
    saveSubscription: (person: User, raw: unknown, endpoints: PushEndpoints) =>
      saveSubscription(db, person.id, raw, endpoints),
    removeSubscription: (person: User, endpoint: string) => removeSubscription(db, person.id, endpoint),
    /** No person: the browser shows the previous subscription's secret. */
    renewSubscription: (previous: { endpoint: string; auth: string }, raw: unknown, endpoints: PushEndpoints) =>
      renewSubscription(db, previous, raw, endpoints),
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
