// A person's notification centre, live, on the one live loop (api/live/stream.ts): every in-app message
// written for them from the moment the stream opens. Woken by the user_notifications notices that name
// them, it reads the new rows back from the read model; after a lost LISTEN connection (resync) it
// catches up on the rows written since the last it sent.
import type { GraphQLContext } from '../graphql/context.js';
import { openLiveStream } from '../live/stream.js';
import { notificationsSince } from './notifications.js';

/** Rows are written with their transaction's start time, so one may commit a little after a later one
 * is read: each look goes back this far and drops what it has sent. */
const LOOK_BACK_MS = 30_000;

export function openNotificationStream(ctx: GraphQLContext) {
  return openLiveStream(
    ctx,
    (signal, user) => 'resync' in signal || ('users' in signal && (signal.users?.includes(user.id) ?? true)),
    async (user) => {
      // Listening first, then what is there already: those are not news.
      const sent = new Map<string, Date>();
      /** The newest message sent (at first: when the stream opened); each look starts LOOK_BACK_MS before it. */
      let newest = new Date();
      const since = () => new Date(newest.getTime() - LOOK_BACK_MS);
      for (const n of await notificationsSince(ctx.db, user.id, since())) sent.set(n.id, n.createdAt);
      return {
        async *read() {
          for (const n of await notificationsSince(ctx.db, user.id, since())) {
            if (sent.has(n.id)) continue;
            sent.set(n.id, n.createdAt);
            if (n.createdAt > newest) newest = n.createdAt;
            yield n;
          }
          // What is older than any next look back needs remembering no more.
          for (const [id, at] of sent) if (at.getTime() < newest.getTime() - 2 * LOOK_BACK_MS) sent.delete(id);
        },
      };
    },
  );
}
