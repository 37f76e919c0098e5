// Moves on tickets the worker no longer keeps in memory: with WORKER_CACHED_TICKETS small, a change to
// a ticket outside the cache replays its history first. Measured against moves on a ticket that stays
// cached, interleaved on the same worker: one cached ticket, then one of many others in turn, each
// evicted by the time its turn comes again. Goal: p50 at most 1.5×.
import { publishDefinition } from '../../api/processes/processes.js';
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
    for (let i = 0; i < HISTORY_MOVES; i++) for (const ticket of others) await move(ticket);
    for (let i = 0; i < 10; i++) await move(cached!);
    const hits: number[] = [];
    const misses: number[] = [];
    const rounds = Math.max(EVICTED, ROUNDS / 2);
    for (let i = 0; i < rounds; i++) {
      hits.push(await time(() => move(cached!)));
      misses.push(await time(() => move(others[i % EVICTED]!)));
      if ((i + 1) % 50 === 0) progress(`evicted: ${i + 1}/${rounds}`);
    }
    say(
      `Evicted: worker cache of ${CACHED} tickets; ${rounds} moves taking turns over ${EVICTED} tickets of ${HISTORY_MOVES}+ moves each, interleaved with a cached one`,
    );
    compare('move of an evicted ticket / of a cached one', misses, hits, { p: 50, max: 1.5 });
  } finally {
    await sys.stop();
  }
}
