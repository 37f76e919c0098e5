// What wakes one live stream up: the notices of the event source, and a tick every few seconds that
// makes the stream check its account and token although nothing happens. It registers at once (a
// notice right after the subscription opens is not missed) and queues what the stream has not yet read.
import type { LiveSignal, TicketEventSource } from './listener.js';

export type Wakeup = LiveSignal | { tick: true } | { closed: true };

export interface Wakeups {
  /** The next wakeup; { closed } for ever after close(). */
  next(): Promise<Wakeup>;
  close(): void;
}

/** More notices than this unread: the stream is too slow; it resyncs from the read model instead. */
const MAX_QUEUED = 1_000;

export function wakeups(
  source: Pick<TicketEventSource, 'subscribe'>,
  options: { tickMs: number; wanted: (signal: LiveSignal) => boolean },
): Wakeups {
  const queue: Wakeup[] = [];
  let waiting: ((wakeup: Wakeup) => void) | null = null;
  let closed = false;
  /** When the oldest unread wakeup came: what an overflow may have dropped is no older. */
  let unreadSince = new Date();

  const push = (wakeup: Wakeup) => {
    if (closed) return;
    if (waiting) {
      const wake = waiting;
      waiting = null;
      wake(wakeup);
      return;
    }
    if (queue.length === 0) unreadSince = new Date();
    if (queue.length >= MAX_QUEUED) {
      queue.length = 0;
      queue.push({ resync: true, lostAt: unreadSince });
    }
    // One tick waiting is enough.
    if ('tick' in wakeup && queue.some((w) => 'tick' in w)) return;
    queue.push(wakeup);
  };
  const unsubscribe = source.subscribe((signal) => {
    if (options.wanted(signal)) push(signal);
  });
  const timer = setInterval(() => push({ tick: true }), options.tickMs);

  return {
    next() {
      if (closed) return Promise.resolve({ closed: true });
      const queued = queue.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve) => (waiting = resolve));
    },
    close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      clearInterval(timer);
      queue.length = 0;
      waiting?.({ closed: true });
      waiting = null;
    },
  };
}

/** A stream's events as the subscription iterates them: leaving closes the wakeups and, once the
 * generator has ended (after a read under way), calls `ended`; also before the first event (when the
 * generator never started and its `finally` would not run). */
export function closingWith<T>(
  events: AsyncGenerator<T, void>,
  wakes: Wakeups,
  ended: () => void = () => {},
): AsyncIterableIterator<T, void> {
  const iterator: AsyncIterableIterator<T, void> = {
    next: () => events.next(),
    return: async () => {
      wakes.close();
      try {
        return await events.return(undefined);
      } finally {
        ended();
      }
    },
    throw: async (error?: unknown) => {
      wakes.close();
      try {
        return await events.throw(error);
      } finally {
        ended();
      }
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
