// A person's notification centre, live: every in-app message written for them from the moment the
// stream opens. Woken by the user_notifications notices that name them, it reads the new rows back
// from the read model; after a lost LISTEN connection (resync) it catches up on the rows written since
// the last it sent. Ends like the ticket streams when the account or the token no longer stands.
import { AppError } from '../../platform/errors.js';
import type { GraphQLContext } from '../graphql/context.js';
import { requirePerson } from '../graphql/viewer.js';
import { currentAccount, tokenExpiry } from '../live/account.js';
import { closingWith, wakeups } from '../live/wakeups.js';
import { notificationsSince, type InAppNotification } from './notifications.js';

const ACCOUNT_CHECK_MS = 2_000;
/** Rows are written with their transaction's start time, so one may commit a little after a later one
 * is read: each look goes back this far and drops what it has sent. */
const LOOK_BACK_MS = 30_000;

export async function openNotificationStream(
  ctx: GraphQLContext,
): Promise<AsyncIterableIterator<InAppNotification | AppError, void>> {
  const user = requirePerson(ctx.viewer);
  const expiresAt = tokenExpiry(ctx);
  const wakes = wakeups(ctx.live, {
    tickMs: ACCOUNT_CHECK_MS,
    wanted: (signal) => 'resync' in signal || ('users' in signal && (signal.users?.includes(user.id) ?? true)),
  });
  // Listening first, then what is there already: those are not news.
  const sent = new Map<string, Date>();
  /** The newest message sent (at first: when the stream opened); each look starts LOOK_BACK_MS before it. */
  let newest = new Date();
  try {
    const recent = await notificationsSince(ctx.db, user.id, new Date(newest.getTime() - LOOK_BACK_MS));
    for (const n of recent) sent.set(n.id, n.createdAt);
  } catch (error) {
    wakes.close();
    throw error;
  }

  async function* run() {
    try {
      for (;;) {
        const wake = await wakes.next();
        if ('closed' in wake) return;
        const account = await currentAccount(ctx, user.id, expiresAt);
        if (account instanceof AppError) {
          yield account;
          return;
        }
        if ('tick' in wake) continue;
        for (const n of await notificationsSince(ctx.db, user.id, new Date(newest.getTime() - LOOK_BACK_MS))) {
          if (sent.has(n.id)) continue;
          sent.set(n.id, n.createdAt);
          if (n.createdAt > newest) newest = n.createdAt;
          yield n;
        }
        // What is older than any next look back needs remembering no more.
        for (const [id, at] of sent) if (at.getTime() < newest.getTime() - 2 * LOOK_BACK_MS) sent.delete(id);
      }
    } finally {
      wakes.close();
    }
  }
  return closingWith(run(), wakes);
}
