// The one loop every live stream of a signed-in person runs (a board, a ticket, the notification
// centre): it listens first, then reads where the stream starts, so that a change committed in between
// comes as a notice and not as a gap. Each wakeup checks the account and the token first: the stream
// ends, with the error as its last event, when the person is deactivated, their sign-in ends or their
// token expires. What a notice means (which rows to read back) is the feed's to say. Every stream is
// held by the event source until it has ended, so that a stopping API ends the streams and waits for
// their reads before it closes the database.
import { AppError } from '../../platform/errors.js';
import type { User } from '../../platform/people/users.js';
import type { GraphQLContext } from '../graphql/context.js';
import { requirePerson } from '../graphql/viewer.js';
import { currentAccount, tokenExpiry } from './account.js';
import type { LiveSignal, TicketEventSource } from './listener.js';
import { closingWith, wakeups, type Wakeup } from './wakeups.js';

/** How often a quiet stream checks the account and the token. */
const ACCOUNT_CHECK_MS = 2_000;

/** A notice the feed reads back: one of those it wanted, or a resync after a lost LISTEN connection. */
export type Notice = Exclude<Wakeup, { tick: true } | { closed: true }>;

export interface LiveFeed<T> {
  /** What the stream sends before any notice (a replay), as the person is when it opens. */
  start?(user: User): AsyncIterable<T>;
  /** What a notice brings, for the person as they are now. */
  read(notice: Notice, user: User): AsyncIterable<T>;
  /** Called once the stream ends, however it ends (the client left, the account check ended it). */
  close?(): void;
}

/**
 * Opens the person's stream of the notices `wanted` picks. `prepare` reads where the stream starts,
 * once listening; its errors refuse the subscription. The notices come from the process's LISTEN
 * connection, or from `source` (the presence registry, which re-announces what it hears there).
 */
export async function openLiveStream<T>(
  ctx: GraphQLContext,
  wanted: (signal: LiveSignal, user: User) => boolean,
  prepare: (user: User) => Promise<LiveFeed<T>>,
  source: Pick<TicketEventSource, 'subscribe'> = ctx.live,
): Promise<AsyncIterableIterator<T | AppError, void>> {
  const signedIn = requirePerson(ctx.viewer);
  const expiresAt = tokenExpiry(ctx);
  const wakes = wakeups(source, { tickMs: ACCOUNT_CHECK_MS, wanted: (signal) => wanted(signal, signedIn) });
  // Held until the stream has ended: a stopping process ends it and waits for its last read.
  const release = ctx.live.hold(() => wakes.close());
  let feed: LiveFeed<T>;
  try {
    feed = await prepare(signedIn);
  } catch (error) {
    wakes.close();
    release();
    throw error;
  }

  async function* run(): AsyncGenerator<T | AppError, void> {
    let user = signedIn;
    try {
      if (feed.start) yield* feed.start(user);
      for (;;) {
        const wake = await wakes.next();
        if ('closed' in wake) return;
        const account = await currentAccount(ctx, user.id, expiresAt);
        if (account instanceof AppError) {
          yield account;
          return;
        }
        user = account;
        // What an event's fields resolve for (a ticket's timeline, its workflow link) follows the account too.
        if (ctx.viewer.kind === 'person') ctx.viewer = { ...ctx.viewer, user };
        if ('tick' in wake) continue;
        yield* feed.read(wake, user);
      }
    } finally {
      ending.close();
      release();
    }
  }
  // Also before the first event, when the generator never started and its `finally` would not run.
  let ended = false;
  const ending = {
    next: () => wakes.next(),
    close: () => {
      wakes.close();
      if (!ended) feed.close?.();
      ended = true;
    },
  };
  return closingWith(run(), ending, release);
}
