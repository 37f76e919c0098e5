// The board's filters and done columns over GraphQL on real servers: a filter narrows each column's
// first page, its count and its next pages (BoardColumn.cards(after) and tickets(filter) alike), the
// column still says how many it holds without it; done columns hold the tickets done within the last
// BOARD_DONE_DAYS, paged the same way; bad filter input is refused with the field named.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { BOARD_DONE_DAYS } from '../../api/tickets/board-queries.js';
import { startTestApi, submitTickets, type TestApi } from '../support/api.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const BOARD = `query ($f: BoardFilter, $first: Int) {
  board(processKey: "it-support", first: $first, filter: $f) {
    columns { state category count unfilteredCount doneSince
      cards { totalCount nodes { number } pageInfo { hasNextPage endCursor } } }
  }
}`;
const NEXT = `query ($f: BoardFilter, $a: String) {
  board(processKey: "it-support", first: 1, filter: $f) {
    columns { state cards(after: $a) { totalCount nodes { number } pageInfo { hasNextPage endCursor } } }
  }
}`;
const TICKETS = `query ($f: TicketFilter, $a: String) {
  tickets(filter: $f, first: 1, after: $a) { totalCount nodes { number } pageInfo { hasNextPage } }
}`;
type Page = { totalCount: number; nodes: { number: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
type Column = {
  state: string;
  category: string;
  count: number;
  unfilteredCount: number;
  doneSince: string | null;
  cards: Page;
};

describe('the board filtered, and its done columns, over GraphQL', () => {
  let sys: TestSystem;
  let api: TestApi;
  let admin: string;
  let erin: string;
  /** 1-4 new (2 and 4 "Printer" and high), 5-7 withdrawn: 5 and 7 now, 6 twenty days ago. */
  const t: string[] = [];

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
    admin = await api.signIn('admin@example.com');
    erin = await api.signIn('erin.employee@example.com');
    const tickets: [string, string][] = [
      ['Printer jams', 'normal'],
      ['Printer offline', 'high'],
      ['VPN drops', 'high'],
      ['Printer smokes', 'high'],
      ['Printer withdrawn A', 'high'],
      ['Printer withdrawn B', 'high'],
      ['Mail withdrawn', 'high'],
    ];
    t.push(...(await submitTickets(api, erin, tickets)));
    for (const number of t.slice(4)) {
      const moved = await api.gql(
        'mutation ($n: String!) { moveTicket(number: $n, toState: "withdrawn") { state } }',
        { n: number },
        { token: erin },
      );
      assert.deepEqual(moved.data, { moveTicket: { state: 'withdrawn' } }, JSON.stringify(moved.errors));
    }
    // Done long enough ago to have left the board.
    await sys.db
      .updateTable('tickets')
      .set({ done_at: sql<Date>`now() - interval '20 days'` })
      .where('number', '=', t[5]!)
      .execute();
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  const board = async (filter?: object, first?: number) => {
    const result = await api.gql<{ board: { columns: Column[] } }>(BOARD, { f: filter, first }, { token: admin });
    assert.ok(result.data, JSON.stringify(result.errors));
    return Object.fromEntries(result.data.board.columns.map((c) => [c.state, c]));
  };
  const numbers = (page: Page) => page.nodes.map((n) => n.number);

  it("narrows a column's first page and count, and says how many it holds without the filter", async () => {
    const columns = await board({ text: 'printer', priority: 'high' }, 1);
    const fresh = columns.new!;
    assert.deepEqual(
      [
        fresh.count,
        fresh.unfilteredCount,
        fresh.cards.totalCount,
        numbers(fresh.cards),
        fresh.cards.pageInfo.hasNextPage,
      ],
      [2, 4, 2, [t[3]], true],
    );
    assert.deepEqual([columns.in_progress!.count, columns.in_progress!.unfilteredCount], [0, 0]);
    const unfiltered = (await board()).new!;
    assert.deepEqual([unfiltered.count, unfiltered.unfilteredCount], [4, 4]);

    const none = (await board({ text: 'nothing like this' })).new!;
    assert.deepEqual([none.count, none.unfilteredCount, numbers(none.cards)], [0, 4, []]);
    // Nulls are what GraphQL clients send for a condition left out.
    const nulls = (await board({ text: null, group: null, priority: 'high' })).new!;
    assert.deepEqual(numbers(nulls.cards), [t[3], t[2], t[1]]);
  });

  it("gives a filtered column's next pages by its cursor, through the board and through tickets", async () => {
    const filter = { text: 'printer', priority: 'high' };
    const first = (await board(filter, 1)).new!;
    const next = await api.gql<{ board: { columns: Column[] } }>(
      NEXT,
      { f: filter, a: first.cards.pageInfo.endCursor },
      { token: admin },
    );
    const page = next.data!.board.columns.find((c) => c.state === 'new')!.cards;
    assert.deepEqual([page.totalCount, numbers(page), page.pageInfo.hasNextPage], [2, [t[1]], false]);

    const listed = await api.gql<{ tickets: Page }>(
      TICKETS,
      { f: { process: 'it-support', state: 'new', open: true, ...filter }, a: first.cards.pageInfo.endCursor },
      { token: admin },
    );
    assert.deepEqual([listed.data?.tickets.totalCount, numbers(listed.data!.tickets)], [2, [t[1]]]);
  });

  it('filters by assignee, as the board does for "mine"', async () => {
    const rows = await sys.db
      .selectFrom('tickets')
      .select(['number', 'assignee_id'])
      .where('number', 'in', t.slice(0, 4))
      .execute();
    const someone = rows.find((r) => r.assignee_id)?.assignee_id;
    assert.ok(someone, 'the service desk assigns new tickets');
    const theirs = rows.filter((r) => r.assignee_id === someone).map((r) => r.number);
    const fresh = (await board({ assignee: someone })).new!;
    assert.deepEqual(numbers(fresh.cards), [...theirs].reverse());
    assert.equal(fresh.count, theirs.length);
  });

  it(`shows in done columns the tickets done within the last ${BOARD_DONE_DAYS} days, newest first, paged`, async () => {
    const columns = await board(undefined, 1);
    const withdrawn = columns.withdrawn!;
    assert.equal(withdrawn.category, 'done');
    assert.deepEqual(
      [withdrawn.count, withdrawn.unfilteredCount, numbers(withdrawn.cards), withdrawn.cards.pageInfo.hasNextPage],
      [2, 2, [t[6]], true],
      'the ticket done twenty days ago is not there',
    );
    const since = Date.parse(withdrawn.doneSince!);
    const expected = Date.now() - BOARD_DONE_DAYS * 24 * 3600 * 1000;
    assert.ok(Math.abs(since - expected) < 60_000, `doneSince ${withdrawn.doneSince}`);
    assert.equal(columns.new!.doneSince, null, 'open columns have no window');
    assert.deepEqual([columns.closed!.count, columns.closed!.doneSince !== null], [0, true]);

    const next = await api.gql<{ board: { columns: Column[] } }>(
      NEXT,
      { a: withdrawn.cards.pageInfo.endCursor },
      { token: admin },
    );
    const page = next.data!.board.columns.find((c) => c.state === 'withdrawn')!.cards;
    assert.deepEqual([page.totalCount, numbers(page), page.pageInfo.hasNextPage], [2, [t[4]], false]);
    const listed = await api.gql<{ tickets: Page }>(
      TICKETS,
      {
        f: { process: 'it-support', state: 'withdrawn', doneSince: withdrawn.doneSince },
        a: withdrawn.cards.pageInfo.endCursor,
      },
      { token: admin },
    );
    assert.deepEqual([listed.data?.tickets.totalCount, numbers(listed.data!.tickets)], [2, [t[4]]]);

    const printers = (await board({ text: 'printer' })).withdrawn!;
    assert.deepEqual([printers.count, printers.unfilteredCount, numbers(printers.cards)], [1, 2, [t[4]]]);
  });

  it('refuses bad filter input, naming the field', async () => {
    const refused = async (filter: object, field: string) => {
      const result = await api.gql(BOARD, { f: filter }, { token: admin });
      assert.equal(result.errors?.[0]?.extensions.code, 'BAD_USER_INPUT', JSON.stringify(result));
      if (field) assert.deepEqual(result.errors[0]!.extensions.fields, [field], JSON.stringify(result));
    };
    await refused({ text: '   ' }, 'filter.text');
    await refused({ text: 'x'.repeat(201) }, 'filter.text');
    await refused({ assignee: 'not-an-id' }, 'filter.assignee');
    await refused({ group: 'g'.repeat(101) }, 'filter.group');
    // The schema itself refuses what is not a condition of the board's, or not a priority.
    await refused({ priority: 'whenever' }, '');
    await refused({ state: 'new' }, '');
    const badDate = await api.gql(TICKETS, { f: { doneSince: 'yesterday' } }, { token: admin });
    assert.equal(badDate.errors?.[0]?.extensions.code, 'BAD_USER_INPUT', JSON.stringify(badDate));
  });
});
