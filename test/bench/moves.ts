// A board move through the ticket service (validation, the Workflow Update, the projection into
// Postgres, read-your-write) against a bare Workflow Update round trip that changes nothing, on the
// same workflows, interleaved so both see the same server, cache and history size. At concurrency 8
// eight tickets move at once, each its own workflow. Then the same with moves that each change the
// state's category (categoryCycle), against the same bare update.
import { syncUpdate } from '../../workflows/ticket/messages.js';
import type { Person } from '../../workflows/ticket/model.js';
import type { TestSystem } from '../support/system.js';
import { across, categoryCycle, onward, benchTickets } from './ping-pong.js';
import { compare, progress, ROUNDS, say, time } from './report.js';

export async function measureMoves(sys: TestSystem, sam: Person): Promise<void> {
  for (const concurrency of [1, 8]) await measure(sys, sam, concurrency, false);
  for (const concurrency of [1, 8]) await measure(sys, sam, concurrency, true);
}

async function measure(sys: TestSystem, sam: Person, concurrency: number, categories: boolean): Promise<void> {
  const process = categories ? categoryCycle.key : undefined;
  const kind = categories ? 'category-changing moves' : 'moves';
  const tickets = await benchTickets(sys, sam, concurrency, `${kind} ×${concurrency}`, process);
  const next = categories ? onward : across;
  const bare = (number: string) =>
    sys.temporal.workflow.getHandle(number).executeUpdate(syncUpdate, { args: [{ settled: false }] });
  const move = async (ticket: { number: string; state: string }) => {
    const moved = await sys.tickets.move(ticket.number, sam, { transition: next(ticket.state) });
    ticket.state = moved.state;
  };
  for (let i = 0; i < 10; i++) await Promise.all(tickets.map((t) => Promise.all([bare(t.number), move(t)]))); // warm-up
  const baseline: number[] = [];
  const moves: number[] = [];
  const rounds = concurrency === 1 ? ROUNDS : Math.max(10, Math.ceil(ROUNDS / 4));
  for (let i = 0; i < rounds; i++) {
    baseline.push(...(await Promise.all(tickets.map((t) => time(() => bare(t.number))))));
    moves.push(...(await Promise.all(tickets.map((t) => time(() => move(t))))));
    if ((i + 1) % 50 === 0) progress(`${kind} ×${concurrency}: ${i + 1}/${rounds}`);
  }
  if (concurrency === 1) say(`${kind}: ${rounds} rounds on ${tickets[0]!.number}, interleaved with bare updates`);
  const name = categories ? 'category move' : 'move';
  compare(`${name} at concurrency ${concurrency}: service / bare update`, moves, baseline, { p: 50, max: 1.5 });
}
