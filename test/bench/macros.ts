// A macro against its parts sent one by one, over GraphQL on the same ticket, interleaved: an internal
// note and a priority change as one applyMacro (one Workflow Update, all or nothing), against
// addComment then setTicketPriority (two updates, each answered from the read model). Goal: the macro,
// which does the same work in one round trip and one workflow task, is no slower (p50 ≤ 1×).
import { createMacroService } from '../../platform/macros/service.js';
import type { TestApi } from '../support/api.js';
import type { TestSystem } from '../support/system.js';
import { compare, ROUNDS, time } from './report.js';

const APPLY = 'mutation ($n: String!, $m: ID!) { applyMacro(number: $n, macro: $m) { priority } }';
const COMMENT =
  'mutation ($n: String!, $b: String!) { addComment(number: $n, body: $b, visibility: internal) { number } }';
const PRIORITY = 'mutation ($n: String!, $p: Priority!) { setTicketPriority(number: $n, priority: $p) { priority } }';

export async function measureMacros(sys: TestSystem, api: TestApi): Promise<void> {
  const cora = await sys.person('cora.coordinator@example.com');
  const token = await api.signIn('cora.coordinator@example.com');
  const macros = createMacroService(sys.db);
  const macro = async (priority: string) =>
    (
      await macros.create(cora, {
        kind: 'macro',
        name: `Bench ${priority} ${Date.now()}`,
        group: 'service-desk',
        body: `Now ${priority}: {{ticket.title}}`,
        replyVisibility: 'internal',
        priority,
      })
    ).id;
  // Two macros that flip the priority, so that every application changes the ticket.
  const flips = [await macro('high'), await macro('low')];
  const erin = await sys.person('erin.employee@example.com');
  const { ticket } = await sys.tickets.create(
    { process: 'it-support', title: 'Macro bench', requester: { userId: erin.userId }, fields: { category: 'other' } },
    erin,
  );
  await sys.tickets.settle(ticket.number);
  const ok = (result: { errors?: unknown }) => {
    if (result.errors) throw new Error(JSON.stringify(result.errors));
  };
  let flip = 0;
  const applied = async () => ok(await api.gql(APPLY, { n: ticket.number, m: flips[flip++ % 2] }, { token }));
  const oneByOne = async () => {
    const priority = flip++ % 2 === 0 ? 'high' : 'low';
    ok(await api.gql(COMMENT, { n: ticket.number, b: `Now ${priority}: Macro bench` }, { token }));
    ok(await api.gql(PRIORITY, { n: ticket.number, p: priority }, { token }));
  };
  for (let i = 0; i < 5; i++) {
    await applied(); // warm-up
    await oneByOne();
  }
  const macroTimes: number[] = [];
  const partTimes: number[] = [];
  // Fewer rounds than a move's: each writes a comment, and the run continues as new every 5,000 events.
  for (let i = 0; i < ROUNDS / 4; i++) {
    macroTimes.push(await time(applied));
    partTimes.push(await time(oneByOne));
  }
  compare('macro: applyMacro (note + priority) / its two changes', macroTimes, partTimes, { p: 50, max: 1 });
}
