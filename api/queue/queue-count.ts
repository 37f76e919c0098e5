// The queue's count, live: a stream on the one live loop (api/live/stream.ts) that counts the person's
// queue when it opens, and again after ticket changes, sending the count when it differs from the last
// one sent. Throttled: a burst of changes (a bulk action, a busy desk) costs one count a second at most,
// since a change that came before a count began is already in it.
import { requireStaff } from '../../platform/people/roles.js';
import type { Db } from '../../platform/store/db.js';
import type { Person } from '../../workflows/ticket/model.js';
import type { GraphQLContext } from '../graphql/context.js';
import { asPerson, requirePerson } from '../graphql/viewer.js';
import type { LiveSignal } from '../live/listener.js';
import { openLiveStream } from '../live/stream.js';

/** At most one count this often, however many changes come. */
export const COUNT_EVERY_MS = 1_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function openQueueCountStream(
  ctx: GraphQLContext,
  request: (person: Person) => Promise<{ filter: Record<string, unknown> }>,
  count: (db: Db, person: Person, filter: unknown) => Promise<number>,
) {
  requireStaff(requirePerson(ctx.viewer), 'have a queue');
  /** Which change each notice is, in the order they came: a count covers every change before it began. */
  const arrival = new WeakMap<object, number>();
  let arrived = 0;
  let countedThrough = 0;
  let lastCountAt = 0;
  let lastSent: number | null = null;
  const wanted = (signal: LiveSignal) => {
    if (!('resync' in signal) && !('process' in signal)) return false;
    arrival.set(signal, ++arrived);
    return true;
  };
  return openLiveStream<number>(ctx, wanted, async (user) => {
    const person = asPerson(user);
    const { filter } = await request(person);
    const counted = async () => {
      countedThrough = arrived;
      lastCountAt = Date.now();
      return count(ctx.db, person, filter);
    };
    return {
      async *start() {
        lastSent = await counted();
        yield lastSent;
      },
      async *read(notice) {
        if ((arrival.get(notice) ?? Infinity) <= countedThrough) return;
        const wait = lastCountAt + COUNT_EVERY_MS - Date.now();
        if (wait > 0) await sleep(wait);
        const n = await counted();
        if (n === lastSent) return;
        lastSent = n;
        yield n;
      },
    };
  });
}
