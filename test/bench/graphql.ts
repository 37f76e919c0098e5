// The GraphQL path against the ticket service called in-process, on the same servers in the same run:
// creates (counted when the first state is readable) at concurrency 1, 8 and 32, and board drops
// (moveTicket) against the service's move, interleaved on one ticket.
import { performance } from 'node:perf_hooks';
import type { Person } from '../../workflows/ticket/model.js';
import type { TestApi } from '../support/api.js';
import type { TestSystem } from '../support/system.js';
import { across, other, pingPong, benchTickets } from './ping-pong.js';
import { compare, compareRates, ROUNDS, time } from './report.js';

const CREATE = 'mutation ($i: CreateTicketInput!) { createTicket(input: $i) { state } }';
const MOVE = 'mutation ($n: String!, $to: String!) { moveTicket(number: $n, toState: $to) { state } }';

export async function measureGraphQL(sys: TestSystem, api: TestApi, sam: Person): Promise<void> {
  const token = await api.signIn('sam.agent@example.com');
  const request = { process: pingPong.key, title: 'Create' };
  const viaGraphQL = async () => {
    const result = await api.gql(CREATE, { i: request }, { token });
    if (result.errors) throw new Error(JSON.stringify(result.errors));
  };
  const inProcess = () => sys.tickets.create({ ...request, requester: { userId: sam.userId } }, sam);
  for (const concurrency of [1, 8, 32]) {
    const rate = async (create: () => Promise<unknown>) => {
      const started = performance.now();
      for (let batch = 0; batch < 3; batch++) await Promise.all(Array.from({ length: concurrency }, create));
      return (3 * concurrency) / ((performance.now() - started) / 1000);
    };
    const service = await rate(inProcess);
    const graphql = await rate(viaGraphQL);
    compareRates(`create at concurrency ${concurrency}: GraphQL / service`, graphql, service, 'tickets/s', {
      p: 50,
      min: 0.8,
    });
  }

  const [ticket] = await benchTickets(sys, sam, 1, 'GraphQL move');
  const drops: number[] = [];
  const moves: number[] = [];
  const drop = async () => {
    const result = await api.gql<{ moveTicket: { state: string } }>(
      MOVE,
      { n: ticket!.number, to: other(ticket!.state) },
      { token },
    );
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    ticket!.state = result.data.moveTicket.state;
  };
  const move = async () => {
    ticket!.state = (await sys.tickets.move(ticket!.number, sam, { transition: across(ticket!.state) })).state;
  };
  for (let i = 0; i < 10; i++) {
    await drop(); // warm-up
    await move();
  }
  for (let i = 0; i < ROUNDS / 2; i++) {
    // Interleaved: the drop takes it across, the service's move back.
    drops.push(await time(drop));
    moves.push(await time(move));
  }
  compare('move: GraphQL moveTicket / service move', drops, moves, { p: 50, max: 1.2 });
}
