// The queue over GraphQL on real servers (issue 18): every sort in its order, nulls last, paged by a
// cursor across equal keys without a ticket repeated or skipped; every filter of the contract; an
// agent never sees another group's tickets, in a page or a count; no view and no filter is the default
// view; bad input is refused, typed, with the input named; the projection writes sla_due_at; and the
// live count follows a change another person makes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { failsWith, startTestApi, submitTickets, type TestApi } from '../support/api.js';
import { subscribe, type StreamMessage } from '../support/sse.js';
import { startTestSystem, ticketRowWhen, type TestSystem } from '../support/system.js';

const QUEUE = `query ($v: ID, $f: TicketFilter, $s: QueueSort, $first: Int, $a: String) {
  queue(view: $v, filter: $f, sort: $s, first: $first, after: $a) {
    totalCount nodes { number } pageInfo { hasNextPage endCursor }
  }
}`;
type Page = {
  totalCount: number;
  nodes: { number: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};
type Row = Awaited<ReturnType<TestSystem['tickets']['get']>>;

/** The count a stream's message carries. */
const countOf = (m: StreamMessage) =>
  m.kind === 'next' ? (m.result.data as { queueCount: number } | null | undefined)?.queueCount : undefined;

const RANK: Record<string, number> = { urgent: 0, high: 1, normal: 2, low: 3 };
const HOUR = 3600_000;

describe('the queue over GraphQL', () => {
  let sys: TestSystem;
  let api: TestApi;
  const token: Record<string, string> = {};
  let samId: string;
  /** Erin's it-support tickets; t[2] is moved to the engineering group, t[5] withdrawn (done). */
  const t: string[] = [];

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
    for (const [who, email] of Object.entries({
      admin: 'admin@example.com',
      erin: 'erin.employee@example.com',
      sam: 'sam.agent@example.com',
      erik: 'erik.engineer@example.com',
    }))
      token[who] = await api.signIn(email);
    samId = (await sys.person('sam.agent@example.com')).userId;
    t.push(
      ...(await submitTickets(api, token.erin!, [
        ['Queue printer jams', 'normal'],
        ['Queue VPN drops', 'high'],
        ['Queue engineering part', 'high'],
        ['Queue mail slow', 'urgent'],
        ['Queue monitor flickers', 'low'],
        ['Queue withdrawn', 'normal'],
        ['Queue keyboard', 'high'],
      ])),
    );
    for (const number of t) await sys.tickets.settle(number);
    const claimed = await api.gql(
      'mutation ($n: String!) { claimTicket(number: $n) { number } }',
      { n: t[1] },
      {
        token: token.sam,
      },
    );
    assert.ok(claimed.data, JSON.stringify(claimed.errors));
    const withdrawn = await api.gql(
      'mutation ($n: String!) { moveTicket(number: $n, toState: "withdrawn") { state } }',
      {
        n: t[5],
      },
      { token: token.erin },
    );
    assert.ok(withdrawn.data, JSON.stringify(withdrawn.errors));
    for (const number of t) await sys.tickets.settle(number);
    // Keys the sorts must order: equal SLA deadlines and equal update times (ties broken by id), and
    // tickets without a running clock (null: last).
    const at = Date.now();
    const due = [at + HOUR, at + HOUR, at + 3 * HOUR, null, at + HOUR, null, at + HOUR / 2];
    const updated = new Date(at - HOUR);
    for (const [i, number] of t.entries())
      await sys.db
        .updateTable('tickets')
        .set({
          sla_due_at: due[i] === null ? null : new Date(due[i]!),
          ...(i % 2 === 0 && { updated_at: updated }),
          ...(i === 2 && { group_key: 'engineering' }),
          // The process assigns new tickets round robin: these two nobody took.
          ...((i === 0 || i === 6) && { assignee_id: null }),
        })
        .where('number', '=', number)
        .execute();
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  const queue = async (who: string, variables: Record<string, unknown>) => {
    const result = await api.gql<{ queue: Page }>(QUEUE, variables, { token: token[who] });
    assert.ok(result.data, JSON.stringify(result.errors));
    return result.data.queue;
  };
  /** Every page of the queue, `first` at a time, followed by its cursors. */
  const allPages = async (who: string, variables: Record<string, unknown>, first: number) => {
    const numbers: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const page = await queue(who, { ...variables, first, a: after });
      numbers.push(...page.nodes.map((n) => n.number));
      if (!page.pageInfo.hasNextPage) return numbers;
      after = page.pageInfo.endCursor;
    }
    throw new Error('the queue never ends');
  };
  const rows = async () => Promise.all(t.map((number) => sys.tickets.get(number)));
  const time = (d: Date | null) => (d === null ? Infinity : d.getTime());
  const byId = (a: Row, b: Row) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

  const orders: Record<string, (a: Row, b: Row) => number> = {
    SLA: (a, b) => time(a.sla_due_at) - time(b.sla_due_at) || byId(a, b),
    PRIORITY: (a, b) => RANK[a.priority]! - RANK[b.priority]! || time(b.created_at) - time(a.created_at) || -byId(a, b),
    UPDATED: (a, b) => time(b.updated_at) - time(a.updated_at) || -byId(a, b),
    CREATED: (a, b) => time(b.created_at) - time(a.created_at) || -byId(a, b),
  };

  for (const [sort, order] of Object.entries(orders))
    it(`sorts by ${sort}, paged by cursor across equal keys, the same as one page`, async () => {
      const expected = (await rows()).sort(order).map((r) => r.number);
      assert.deepEqual(await allPages('admin', { f: { text: 'Queue' }, s: sort }, 2), expected);
      assert.deepEqual(await allPages('admin', { f: { text: 'Queue' }, s: sort }, 1), expected);
      const one = await queue('admin', { f: { text: 'Queue' }, s: sort, first: 50 });
      assert.deepEqual(
        one.nodes.map((n) => n.number),
        expected,
      );
      assert.equal(one.totalCount, t.length);
    });

  it('sorts by SLA with the earliest deadline first and tickets without one last', async () => {
    const numbers = await allPages('admin', { f: { text: 'Queue' }, s: 'SLA' }, 3);
    assert.equal(numbers[0], t[6], 'the deadline half an hour away first');
    assert.deepEqual(new Set(numbers.slice(-2)), new Set([t[3], t[5]]), 'no deadline: last');
  });

  it('narrows by every filter of the contract', async () => {
    const all = await rows();
    const erinId = (await sys.person('erin.employee@example.com')).userId;
    const created = all.map((r) => r.created_at.getTime()).sort((a, b) => a - b);
    const middle = new Date(created[3]!);
    const cases: [string, Record<string, unknown>, (r: Row) => boolean][] = [
      ['process', { process: 'it-support' }, (r) => r.process_key === 'it-support'],
      ['category', { category: 'done' }, (r) => r.category === 'done'],
      ['category new', { category: 'new' }, (r) => r.category === 'new'],
      ['group', { group: 'engineering' }, (r) => r.group_key === 'engineering'],
      ['assignee', { assignee: samId }, (r) => r.assignee_id === samId],
      ['unassigned', { unassigned: true }, (r) => r.assignee_id === null],
      ['assigned', { unassigned: false }, (r) => r.assignee_id !== null],
      ['priority', { priority: 'high' }, (r) => r.priority === 'high'],
      ['requester', { requester: erinId }, () => true],
      ['text', { text: 'VPN' }, (r) => r.number === t[1]],
      ['open', { open: true }, (r) => r.done_at === null],
      ['createdAfter', { createdAfter: middle.toISOString() }, (r) => r.created_at >= middle],
      ['createdBefore', { createdBefore: middle.toISOString() }, (r) => r.created_at < middle],
      ['doneAfter', { doneAfter: new Date(Date.now() - HOUR).toISOString() }, (r) => r.done_at !== null],
      ['doneBefore', { doneBefore: new Date(Date.now() - HOUR).toISOString() }, () => false],
      ['sla breached', { sla: 'BREACHED' }, () => false],
    ];
    for (const [what, filter, holds] of cases) {
      const page = await queue('admin', { f: { text: 'Queue', ...filter }, first: 50 });
      const expected = all.filter(holds).map((r) => r.number);
      assert.deepEqual(page.nodes.map((n) => n.number).sort(), expected.sort(), what);
      assert.equal(page.totalCount, expected.length, `${what}: the count`);
    }
    // `mine`: the reader's own tickets.
    const samsOwn = all.filter((r) => r.assignee_id === samId).map((r) => r.number);
    assert.ok(samsOwn.includes(t[1]!));
    const mine = await queue('sam', { f: { mine: true }, first: 50 });
    assert.deepEqual(mine.nodes.map((n) => n.number).sort(), samsOwn.sort());
    const notMine = await queue('sam', { f: { mine: false }, first: 50 });
    assert.ok(!notMine.nodes.some((n) => samsOwn.includes(n.number)));
    assert.equal(notMine.totalCount + mine.totalCount, t.length - 1, 'all sam sees, the engineering ticket aside');
  });

  it("never shows an agent another group's ticket, in any view, page or count", async () => {
    for (const view of ['mine', 'unassigned', 'open']) {
      const numbers = await allPages('sam', { v: view }, 2);
      assert.ok(!numbers.includes(t[2]!), `${view}: ${numbers.join(', ')}`);
    }
    const everything = await queue('sam', { f: {}, first: 50 });
    assert.equal(everything.totalCount, t.length - 1);
    assert.ok(!everything.nodes.some((n) => n.number === t[2]));
    const byGroup = await queue('sam', { f: { group: 'engineering' }, first: 50 });
    assert.deepEqual(byGroup, { totalCount: 0, nodes: [], pageInfo: { hasNextPage: false, endCursor: null } });
    const erik = await queue('erik', { f: {}, first: 50 });
    assert.deepEqual(
      erik.nodes.map((n) => n.number),
      [t[2]],
    );
  });

  it('answers the default view without a view or a filter: My open tickets, until one chooses another', async () => {
    const landing = await queue('sam', {});
    const samsOpen = (await rows()).filter((r) => r.assignee_id === samId && !r.done_at).map((r) => r.number);
    assert.ok(samsOpen.includes(t[1]!));
    assert.deepEqual(landing.nodes.map((n) => n.number).sort(), samsOpen.sort());
    const chosen = await api.gql(
      'mutation { setDefaultView(id: "unassigned") { id isDefault } }',
      {},
      { token: token.sam },
    );
    assert.deepEqual(chosen.data, { setDefaultView: { id: 'unassigned', isDefault: true } });
    const unassigned = await queue('sam', {});
    const expected = (await rows()).filter((r) => r.group_key === 'service-desk' && !r.assignee_id && !r.done_at);
    assert.deepEqual(unassigned.nodes.map((n) => n.number).sort(), expected.map((r) => r.number).sort());
    // A view's filter with the given one on top, and its sort replaced.
    const narrowed = await queue('sam', { v: 'unassigned', f: { priority: 'high' }, s: 'CREATED' });
    assert.deepEqual(
      narrowed.nodes.map((n) => n.number),
      expected
        .filter((r) => r.priority === 'high')
        .sort(orders.CREATED)
        .map((r) => r.number),
    );
    assert.ok(narrowed.nodes.length > 0);
    await api.gql('mutation { setDefaultView(id: "mine") { id } }', {}, { token: token.sam });
  });

  it('refuses bad input, typed, with the input named, and answers no page', async () => {
    const bad = async (variables: Record<string, unknown>, code: string, path?: string, who = 'sam') => {
      const result = await api.gql(QUEUE, variables, { token: token[who] });
      const error = failsWith(result, code);
      if (path) assert.ok((error.extensions.fields as string[]).includes(path), JSON.stringify(result.errors));
      assert.equal(result.data ?? null, null);
      return error;
    };
    await bad({ f: { category: 'soon' } }, 'BAD_USER_INPUT', 'category');
    await bad({ f: { assignee: 'nobody' } }, 'BAD_USER_INPUT', 'assignee');
    await bad({ f: { text: '   ' } }, 'BAD_USER_INPUT', 'text');
    await bad({ f: {}, first: 0 }, 'BAD_USER_INPUT', 'first');
    // Refused before it runs, by the cost limit's page sizes (platform/page-limits.ts).
    await bad({ f: {}, first: 100_000 }, 'BAD_USER_INPUT');
    await bad({ f: {}, a: 'not-a-cursor' }, 'BAD_USER_INPUT', 'after');
    const priorityCursor = (await queue('sam', { f: {}, s: 'PRIORITY', first: 1 })).pageInfo.endCursor;
    const other = await bad({ f: {}, s: 'SLA', a: priorityCursor }, 'BAD_USER_INPUT', 'after');
    assert.match(other.message, /another sort/);
    const forged = Buffer.from(JSON.stringify(['SLA', 'yesterday', 'x'])).toString('base64url');
    await bad({ f: {}, s: 'SLA', a: forged }, 'BAD_USER_INPUT', 'after');
    await bad({ v: 'no-such-view' }, 'NOT_FOUND');
    await bad({}, 'FORBIDDEN', undefined, 'erin');
  });

  it('keeps sla_due_at as the earliest deadline of the running clocks', async () => {
    const [number] = await submitTickets(api, token.erin!, [['Queue fresh', 'normal']]);
    const row = await ticketRowWhen(sys, number!, (r) => r.sla_due_at !== null);
    const clocks = Object.values(row.slas as Record<string, { status: string; deadline: number | null }>);
    const deadlines = clocks.filter((c) => c.status === 'running' && c.deadline !== null).map((c) => c.deadline!);
    assert.equal(row.sla_due_at!.getTime(), Math.min(...deadlines));
    await api.gql(
      'mutation ($n: String!) { moveTicket(number: $n, toState: "withdrawn") { state } }',
      { n: number },
      {
        token: token.erin,
      },
    );
    await ticketRowWhen(sys, number!, (r) => r.done_at !== null && r.sla_due_at === null, 20_000, 'no clock runs');
  });

  it('counts live: the count follows a ticket another person submits, within seconds', async () => {
    const stream = await subscribe(api.url, 'subscription { queueCount(filter: { open: true }) }', {}, token.sam);
    try {
      const first = await stream.next(10_000);
      assert.equal(first.kind, 'next');
      const before = countOf(first)!;
      await submitTickets(api, token.erin!, [['Queue live', 'normal']]);
      const started = Date.now();
      const next = await stream.next(10_000);
      assert.equal(next.kind, 'next', JSON.stringify(next));
      assert.equal(countOf(next), before + 1);
      assert.ok(Date.now() - started < 5_000);
    } finally {
      stream.close();
    }
    const refused = await subscribe(api.url, 'subscription { queueCount }', {}, token.erin);
    try {
      const message = await refused.next(10_000);
      assert.equal(message.kind, 'next');
      const errors = (message as { result: { errors?: { extensions: { code: string } }[] } }).result.errors;
      assert.equal(errors?.[0]?.extensions.code, 'FORBIDDEN');
    } finally {
      refused.close();
    }
  });
});
