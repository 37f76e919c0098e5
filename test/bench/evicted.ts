// Moves on tickets the worker no longer keeps in memory: with WORKER_CACHED_TICKETS small, a change to
// a ticket outside the cache replays its history first. Measured against moves on a ticket that stays
// cached, interleaved on the same worker: one cached ticket, then one of many others in turn, each
// evicted by the time its turn comes again. A replay re-runs every workflow task of the run's history,
// so its cost grows with the moves since the run began, which continuing as new bounds
// (TICKET_CONTINUE_AS_NEW_AFTER, as the system is configured by default): measured on new
// tickets, then on tickets of 10 to 33 moves (one more each, so that over the rounds every place in a
// run is met as often). Goals: a worked ticket's move p50 ≤ 1.2× a new one's (its history is not
// felt), and ≤ 1.5× a cached one's.
import { publishDefinition } from '../../platform/processes/processes.js';
import { startTestSystem } from '../support/system.js';
import { across, pingPong, benchTickets } from './ping-pong.js';
import { compare, progress, ROUNDS, RUN_CAP, say, time } from './report.js';

/** Tickets the worker keeps (the smallest the SDK allows above 2 with room for a few in flight). */
const CACHED = 4;
/** Tickets taking turns: far more than the cache holds. */
const EVICTED = 24;
/** New tickets, each moved once while evicted: the baseline of a history that is only a creation. */
const FRESH = 96;
/** Moves the evicted tickets have had before the measurement, the first of them (each next one one
 * more): a history to replay, as a worked ticket has. */
const HISTORY_MOVES = 10;

export async function measureEvicted(): Promise<void> {
  const sys = await startTestSystem({ maxCachedWorkflows: CACHED, ...RUN_CAP });
  try {
    await publishDefinition(sys.db, pingPong, 'bench');
    const sam = await sys.person('sam.agent@example.com');
    const [cached] = await benchTickets(sys, sam, 1, 'Cached');
    const fresh = await benchTickets(sys, sam, FRESH, 'New');
    const others = await benchTickets(sys, sam, EVICTED, 'Evicted');
    const move = async (ticket: { number: string; state: string }) => {
      ticket.state = (await sys.tickets.move(ticket.number, sam, { transition: across(ticket.state) })).state;
    };
    for (let i = 0; i < 10; i++) await move(cached!);
    /** Moves taking turns over the evicted tickets, each interleaved with a move of the cached one. */
    const measure = async (tickets: { number: string; state: string }[], rounds: number) => {
      const hits: number[] = [];
      const misses: number[] = [];
      for (let i = 0; i < rounds; i++) {
        hits.push(await time(() => move(cached!)));
        misses.push(await time(() => move(tickets[i % tickets.length]!)));
        if ((i + 1) % 50 === 0) progress(`evicted: ${i + 1}/${rounds}`);
      }
      return { hits, misses };
    };
    // First with only their creation to replay, then with a history of moves.
    const created = await measure(fresh, FRESH);
    for (const [i, ticket] of others.entries()) for (let m = 0; m < HISTORY_MOVES + i; m++) await move(ticket);
    const rounds = Math.max(EVICTED, ROUNDS / 2);
    const worked = await measure(others, rounds);
    say(
      `Evicted: worker cache of ${CACHED} tickets; moves taking turns over ${EVICTED} tickets, interleaved with a cached one: first on ${FRESH} new tickets, then on ${EVICTED} tickets, ${rounds} once they have ${HISTORY_MOVES} to ${HISTORY_MOVES + EVICTED - 1} moves`,
    );
    compare('move of a new evicted ticket / of a cached one', created.misses, created.hits);
    const worked10 = `move of an evicted ticket of ${HISTORY_MOVES}+ moves`;
    compare(`${worked10} / of a cached one`, worked.misses, worked.hits, { p: 50, max: 1.5 });
    compare(`${worked10} / of a new evicted one`, worked.misses, created.misses, { p: 50, max: 1.2 });
  } finally {
    await sys.stop();
  }
}
