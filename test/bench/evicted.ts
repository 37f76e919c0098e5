// Moves on tickets the worker no longer keeps in memory: with WORKER_CACHED_TICKETS small, a change to
// a ticket outside the cache replays its history first. Measured against moves on a ticket that stays
// cached, interleaved on the same worker: one cached ticket, then one of many others in turn, each
// evicted by the time its turn comes again. A replay re-runs every workflow task of the history, so
// the cost grows with it: measured on new tickets, then on tickets of some moves. Goal: p50 ≤ 1.5×.
import { publishDefinition } from '../../platform/processes/processes.js';
import { startTestSystem } from '../support/system.js';
import { across, pingPong, pingPongTickets } from './ping-pong.js';
import { compare, progress, ROUNDS, say, time } from './report.js';

/** Tickets the worker keeps (the smallest the SDK allows above 2 with room for a few in flight). */
const CACHED = 4;
/** Tickets taking turns: far more than the cache holds. */
const EVICTED = 24;
/** Moves each evicted ticket has had before the measurement: a history to replay, as a worked ticket has. */
const HISTORY_MOVES = 10;

export async function measureEvicted(): Promise<void> {
  const sys = await startTestSystem({ maxCachedWorkflows: CACHED, continueAsNewAfter: 5000 });
  try {
    await publishDefinition(sys.db, pingPong, 'bench');
    const sam = await sys.person('sam.agent@example.com');
    const [cached] = await pingPongTickets(sys, sam, 1, 'Cached');
    const others = await pingPongTickets(sys, sam, EVICTED, 'Evicted');
    const move = async (ticket: { number: string; state: string }) => {
      ticket.state = (await sys.tickets.move(ticket.number, sam, { transition: across(ticket.state) })).state;
    };
    for (let i = 0; i < 10; i++) await move(cached!);
    /** Moves taking turns over the evicted tickets, each interleaved with a move of the cached one. */
    const measure = async (rounds: number) => {
      const hits: number[] = [];
      const misses: number[] = [];
      for (let i = 0; i < rounds; i++) {
        hits.push(await time(() => move(cached!)));
        misses.push(await time(() => move(others[i % EVICTED]!)));
        if ((i + 1) % 50 === 0) progress(`evicted: ${i + 1}/${rounds}`);
      }
      return { hits, misses };
    };
    // First with only their creation to replay, then with a history of moves.
    const fresh = await measure(EVICTED);
    for (let i = 0; i < HISTORY_MOVES; i++) for (const ticket of others) await move(ticket);
    const rounds = Math.max(EVICTED, ROUNDS / 2);
    const worked = await measure(rounds);
    say(
      `Evicted: worker cache of ${CACHED} tickets; moves taking turns over ${EVICTED} tickets, interleaved with a cached one: first ${EVICTED} on new tickets, then ${rounds} once each has ${HISTORY_MOVES}+ moves`,
    );
    compare('move of a new evicted ticket / of a cached one', fresh.misses, fresh.hits);
    compare(`move of an evicted ticket of ${HISTORY_MOVES}+ moves / of a cached one`, worked.misses, worked.hits, {
      p: 50,
      max: 1.5,
    });
  } finally {
    await sys.stop();
  }
}
