// A bulk action on 100 tickets (one bulkUpdateTickets taking them all across) against the same 100
// moves made one by one through GraphQL (moveTicket, as a client without bulk actions would send them),
// on the same server in the same run, interleaved: the bulk takes the tickets across, the single moves
// bring them back. Both go through the same single-change path and engine checks; the bulk runs a few
// tickets at once (BULK_CONCURRENCY), which is where it gains.
import { randomUUID } from 'node:crypto';
import type { Person } from '../../workflows/ticket/model.js';
import type { TestApi } from '../support/api.js';
import type { TestSystem } from '../support/system.js';
import { across, other, benchTickets } from './ping-pong.js';
import { compare, progress, ROUNDS, say, time } from './report.js';

const BULK = `mutation ($i: BulkUpdateTicketsInput!) { bulkUpdateTickets(input: $i) { applied results { outcome message } } }`;
const MOVE = 'mutation ($n: String!, $to: String!) { moveTicket(number: $n, toState: $to) { state } }';
const TICKETS = 100;

export async function measureBulk(sys: TestSystem, api: TestApi, sam: Person): Promise<void> {
  const token = await api.signIn('sam.agent@example.com');
  const tickets = await benchTickets(sys, sam, TICKETS, 'Bulk');
  const numbers = tickets.map((t) => t.number);
  let state = tickets[0]!.state;

  const bulk = async () => {
    const input = { bulkId: randomUUID(), numbers, action: { transition: { key: across(state) } } };
    const result = await api.gql<{ bulkUpdateTickets: { applied: number; results: { message: string }[] } }>(
      BULK,
      { i: input },
      { token },
    );
    if (result.data?.bulkUpdateTickets.applied !== TICKETS)
      throw new Error(`bulk applied ${JSON.stringify(result.data ?? result.errors).slice(0, 500)}`);
    state = other(state);
  };
  const singles = async () => {
    for (const number of numbers) {
      const result = await api.gql(MOVE, { n: number, to: other(state) }, { token });
      if (result.errors) throw new Error(JSON.stringify(result.errors));
    }
    state = other(state);
  };

  await bulk(); // warm-up
  await singles();
  const bulks: number[] = [];
  const moves: number[] = [];
  // A round moves 200 tickets: a tenth of BENCH_ROUNDS, at least 3.
  const rounds = Math.max(3, Math.ceil(ROUNDS / 10));
  for (let i = 0; i < rounds; i++) {
    bulks.push(await time(bulk));
    moves.push(await time(singles));
    if ((i + 1) % 5 === 0) progress(`bulk: ${i + 1}/${rounds}`);
  }
  say(`Bulk: ${rounds} rounds of ${TICKETS} tickets, a bulk action interleaved with ${TICKETS} single moves`);
  compare(`bulk action on ${TICKETS} tickets / ${TICKETS} single moves (GraphQL)`, bulks, moves, { p: 50, max: 1 });
}
