// Bulk actions over GraphQL on real servers (Temporal, Postgres): each ticket of the selection goes
// through the engine's checks on its own, and the answer shows every outcome — applied, refused in words,
// not found, unchanged. A retry under the same bulk id applies nothing twice (versions stay) and answers
// the same; the same id with another action is refused; bad input is refused whole and changes nothing.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { failsWith, startTestApi, type TestApi } from '../support/api.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const BULK = `mutation ($i: BulkUpdateTicketsInput!) {
  bulkUpdateTickets(input: $i) {
    applied refused
    results { number title outcome message ticket { state version assignee { email } } }
  }
}`;
type Result = {
  number: string;
  title: string | null;
  outcome: string;
  message: string;
  ticket: { state: string; version: number; assignee: { email: string } | null } | null;
};
type Bulk = { bulkUpdateTickets: { applied: number; refused: number; results: Result[] } };

describe('bulk actions over GraphQL', () => {
  let sys: TestSystem;
  let api: TestApi;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
    for (const name of ['sam.agent', 'sara.agent', 'cora.coordinator', 'erik.engineer', 'erin.employee']) {
      tokens[name] = await api.signIn(`${name}@example.com`);
      ids[name] = (await sys.person(`${name}@example.com`)).userId;
    }
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  /** Erin's tickets of `process`, created through the service, once their assignment has run. */
  async function tickets(process: string, count: number, fields: Record<string, unknown>) {
    const erin = await sys.person('erin.employee@example.com');
    const created = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        sys.tickets.create(
          { process, title: `Bulk ${process} ${i}`, requester: { userId: erin.userId }, fields },
          erin,
        ),
      ),
    );
    const numbers = created.map((c) => c.ticket.number);
    await Promise.all(numbers.map((n) => sys.tickets.settle(n)));
    return numbers;
  }
  const itTickets = (count: number) => tickets('it-support', count, { category: 'software' });
  const versions = async (numbers: string[]) =>
    Promise.all(numbers.map(async (n) => (await sys.tickets.get(n)).version));
  const bulk = (who: string, input: object) => api.gql<Bulk>(BULK, { i: input }, { token: tokens[who] });

  it('takes a transition where it applies and says in words where it does not; a retry applies nothing twice', async () => {
    const [fresh1, fresh2, started] = await itTickets(3);
    const [other] = await tickets('customer-case', 1, { account: 'ACME' });
    const moved = await sys.tickets.move(started!, await sys.person('sam.agent@example.com'), { transition: 'start' });
    assert.equal(moved.state, 'in_progress');
    const numbers = [fresh1!, started!, other!, 'IT-999999', fresh2!];
    const input = { bulkId: randomUUID(), numbers, action: { transition: { key: 'start' } } };

    const first = await bulk('sam.agent', input);
    assert.ok(first.data, JSON.stringify(first.errors));
    const answer = first.data.bulkUpdateTickets;
    assert.deepEqual(
      answer.results.map((r) => [r.number, r.outcome]),
      [
        [fresh1, 'APPLIED'],
        [started, 'REFUSED'],
        [other, 'NOT_FOUND'],
        ['IT-999999', 'NOT_FOUND'],
        [fresh2, 'APPLIED'],
      ],
    );
    assert.equal(answer.applied, 2);
    assert.equal(answer.refused, 1);
    assert.equal(answer.results[0]!.message, 'Start work: now In progress');
    assert.equal(answer.results[0]!.ticket?.state, 'in_progress');
    assert.equal(answer.results[1]!.message, 'Start work cannot be done while this ticket is In progress');
    // A ticket of another group is not the agent's to see: neither its title nor the ticket.
    assert.equal(answer.results[2]!.title, null);
    assert.equal(answer.results[2]!.ticket, null);
    assert.match(answer.results[2]!.message, /does not exist or is not yours to see/);

    const before = await versions(numbers.slice(0, 3));
    const retried = await bulk('sam.agent', input);
    assert.deepEqual(
      retried.data?.bulkUpdateTickets.results.map((r) => [r.number, r.outcome, r.message]),
      answer.results.map((r) => [r.number, r.outcome, r.message]),
    );
    assert.deepEqual(await versions(numbers.slice(0, 3)), before, 'the retry changed no ticket');
    const refusals = (await sys.tickets.timeline(started!)).refused.filter((e) => e.action === 'move.refused');
    assert.equal(refusals.length, 1, 'the refusal is in the audit log once, not once per retry');

    const reused = await bulk('sam.agent', { ...input, action: { transition: { key: 'resolve' } } });
    failsWith(reused, 'CONFLICT', 'BULK_ID_REUSED');
    assert.deepEqual(await versions(numbers.slice(0, 3)), before, 'the refused reuse changed nothing');
  });

  it('applies a macro ticket by ticket, each all or nothing: a refused one leaves no reply behind', async () => {
    const [fresh, started] = await itTickets(2);
    await sys.tickets.move(started!, await sys.person('sam.agent@example.com'), { transition: 'start' });
    const macro = await sys.db
      .selectFrom('macros')
      .select('id')
      .where('name', '=', 'Start and acknowledge')
      .executeTakeFirstOrThrow();
    const input = { bulkId: randomUUID(), numbers: [fresh!, started!], action: { macro: macro.id } };
    const replies = async (number: string) =>
      (await sys.tickets.timeline(number)).events.filter((e) => e.type === 'commented').length;

    const answer = (await bulk('sam.agent', input)).data!.bulkUpdateTickets;
    assert.deepEqual(
      answer.results.map((r) => [r.outcome, r.message]),
      [
        ['APPLIED', '“Start and acknowledge” applied: now In progress'],
        [
          'REFUSED',
          'The macro “Start and acknowledge” was not applied: Start work cannot be done while this ticket is In progress',
        ],
      ],
    );
    assert.equal(await replies(fresh!), 1, 'the macro replied on the ticket it applied to');
    assert.equal(await replies(started!), 0, 'the refused macro left no reply');
    const before = await versions([fresh!, started!]);
    await bulk('sam.agent', input);
    assert.deepEqual(await versions([fresh!, started!]), before, 'the retry applied nothing twice');
    assert.equal(await replies(fresh!), 1);
  });

  it('assigns for a coordinator, refusing an assignee who does not work in a ticket’s group, ticket by ticket', async () => {
    const numbers = await itTickets(3);
    const toSara = await bulk('cora.coordinator', {
      bulkId: randomUUID(),
      numbers,
      action: { assign: { userId: ids['sara.agent'] } },
    });
    assert.ok(toSara.data, JSON.stringify(toSara.errors));
    for (const r of toSara.data.bulkUpdateTickets.results) {
      assert.ok(['APPLIED', 'UNCHANGED'].includes(r.outcome), JSON.stringify(r));
      assert.equal(r.ticket?.assignee?.email, 'sara.agent@example.com');
      assert.match(r.message, /^(Already assigned|Assigned) to Sara Agent$/);
    }

    const before = await versions(numbers);
    const toErik = await bulk('cora.coordinator', {
      bulkId: randomUUID(),
      numbers,
      action: { assign: { userId: ids['erik.engineer'] } },
    });
    assert.ok(toErik.data, JSON.stringify(toErik.errors));
    assert.deepEqual(
      toErik.data.bulkUpdateTickets.results.map((r) => [r.outcome, r.message]),
      numbers.map(() => ['REFUSED', 'Erik Engineer does not work in Service desk, this ticket’s group']),
    );
    assert.equal(toErik.data.bulkUpdateTickets.applied, 0);
    assert.deepEqual(await versions(numbers), before);

    // An agent assigns tickets to themselves only: the engine's rule, per ticket.
    const bySam = await bulk('sam.agent', {
      bulkId: randomUUID(),
      numbers,
      action: { assign: { userId: ids['sara.agent'] } },
    });
    assert.ok(bySam.data, JSON.stringify(bySam.errors));
    for (const r of bySam.data.bulkUpdateTickets.results) {
      assert.equal(r.outcome, 'UNCHANGED', 'already Sara’s: nothing is sent');
    }
    const priority = await bulk('sam.agent', { bulkId: randomUUID(), numbers, action: { priority: 'urgent' } });
    assert.ok(priority.data, JSON.stringify(priority.errors));
    assert.deepEqual(
      priority.data.bulkUpdateTickets.results.map((r) => r.outcome),
      numbers.map(() => 'REFUSED'),
    );
    assert.deepEqual(await versions(numbers), before);
  });

  it('refuses bad input whole, each problem in words, and changes nothing', async () => {
    const numbers = await itTickets(2);
    const before = await versions(numbers);
    const cases: [object, string, RegExp][] = [
      [{ bulkId: randomUUID(), numbers: [], action: { priority: 'high' } }, 'numbers', /choose at least one/],
      [
        {
          bulkId: randomUUID(),
          numbers: Array.from({ length: 201 }, (_, i) => `IT-${i}`),
          action: { priority: 'high' },
        },
        'numbers',
        /more than 200/,
      ],
      [{ bulkId: randomUUID(), numbers, action: {} }, 'action', /exactly one of assign, priority, transition or macro/],
      [
        { bulkId: randomUUID(), numbers, action: { priority: 'high', assign: { userId: null } } },
        'action',
        /exactly one/,
      ],
      [
        { bulkId: randomUUID(), numbers: [numbers[0], numbers[1], numbers[0]], action: { priority: 'high' } },
        'numbers',
        /more than once/,
      ],
      [{ bulkId: '   ', numbers, action: { priority: 'high' } }, 'bulkId', /Bulk id is required/],
      [
        { bulkId: randomUUID(), numbers, action: { transition: { key: 'Not A Key' } } },
        'action.transition',
        /Transition must be a transition key/,
      ],
      [
        { bulkId: randomUUID(), numbers, action: { assign: { userId: randomUUID() } } },
        'action.assign',
        /no such person/,
      ],
    ];
    for (const [input, path, words] of cases) {
      const answer = await bulk('cora.coordinator', input);
      const error = failsWith(answer, 'BAD_USER_INPUT');
      const problems = error.extensions.problems as { path: string; message: string }[];
      assert.ok(
        problems.some((p) => p.path === path && words.test(p.message)),
        `${JSON.stringify(input).slice(0, 80)}: ${JSON.stringify(problems)}`,
      );
    }
    // An action GraphQL does not know is refused by the schema before the service.
    const unknown = await bulk('cora.coordinator', { bulkId: randomUUID(), numbers, action: { close: true } });
    assert.ok(unknown.errors?.length);
    assert.deepEqual(await versions(numbers), before, 'no ticket changed');
  });
});
