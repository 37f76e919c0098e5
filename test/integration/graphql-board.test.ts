// The board over GraphQL on real servers: columns in the latest version's order, counts and cards of
// the open tickets each viewer may see, a column for a state only an older version has, and more
// cards through the tickets query from a column's cursor.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { publishDefinition } from '../../platform/processes/processes.js';
import { loadSampleProcess } from '../../platform/processes/samples.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const BOARD = `query ($p: String!, $f: Int) {
  board(processKey: $p, first: $f) {
    process { key version }
    columns { state label category count fromOlderVersion cards { totalCount nodes { number } pageInfo { hasNextPage endCursor } } }
  }
}`;
type Column = {
  state: string;
  label: string;
  category: string;
  count: number;
  fromOlderVersion: boolean;
  cards: {
    totalCount: number;
    nodes: { number: string }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};
type Board = { board: { process: { key: string; version: number }; columns: Column[] } };

/** Version 2 of it-support calls `resolved` `fixed`: tickets of version 1 may still be in `resolved`. */
const renamed = JSON.parse(
  JSON.stringify(loadSampleProcess('it-support')).replaceAll('"resolved"', '"fixed"'),
) as object;
const v2States = ['new', 'in_progress', 'waiting_on_requester', 'fixed', 'closed', 'withdrawn'];

describe('the board over GraphQL', () => {
  let sys: TestSystem;
  let api: TestApi;
  const token: Record<string, string> = {};
  /** Erin's tickets 1-3 and 5, eli's 4; ticket 1 resolved under version 1, 5 made under version 2. */
  const t: string[] = [];

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
    for (const name of ['admin', 'erin.employee', 'eli.employee', 'sam.agent', 'erik.engineer'])
      token[name.split('.')[0]!] = await api.signIn(`${name}@example.com`);
    const submit = async (who: string) => {
      const created = await api.gql<{ createTicket: { number: string } }>(
        'mutation ($i: CreateTicketInput!) { createTicket(input: $i) { number } }',
        { i: { process: 'it-support', title: `Board ${t.length + 1}`, fields: { category: 'software' } } },
        { token: token[who] },
      );
      assert.ok(created.data, JSON.stringify(created.errors));
      t.push(created.data.createTicket.number);
    };
    await submit('erin');
    await submit('erin');
    await submit('erin');
    await submit('eli');
    const MOVE =
      'mutation ($n: String!, $to: String!, $f: JSON) { moveTicket(number: $n, toState: $to, fields: $f) { state } }';
    for (const [to, fields] of [
      ['in_progress', null],
      ['resolved', { resolution: 'Reinstalled' }],
    ] as const) {
      const moved = await api.gql(MOVE, { n: t[0], to, f: fields }, { token: token.sam });
      assert.ok(moved.data, JSON.stringify(moved.errors));
    }
    const published = await publishDefinition(sys.db, renamed, 'test');
    assert.equal(published.version, 2);
    await submit('erin');
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  const board = async (who: string, first?: number) => {
    const result = await api.gql<Board>(BOARD, { p: 'it-support', f: first }, { token: token[who] });
    assert.ok(result.data, JSON.stringify(result.errors));
    return result.data.board;
  };
  const counts = (columns: Column[]) => Object.fromEntries(columns.map((c) => [c.state, c.count]));
  const cards = (column: Column | undefined) => column?.cards.nodes.map((n) => n.number);

  it("shows the latest version's states in order, then the older version's state tickets are still in", async () => {
    const { process, columns } = await board('admin');
    assert.deepEqual(process, { key: 'it-support', version: 2 });
    assert.deepEqual(
      columns.map((c) => [c.state, c.fromOlderVersion]),
      [...v2States.map((s) => [s, false]), ['resolved', true]],
    );
    const resolved = columns.at(-1)!;
    assert.deepEqual(
      [resolved.label, resolved.category, resolved.count, cards(resolved)],
      ['Resolved', 'active', 1, [t[0]]],
    );
    assert.deepEqual(counts(columns), {
      new: 4,
      in_progress: 0,
      waiting_on_requester: 0,
      fixed: 0,
      closed: 0,
      withdrawn: 0,
      resolved: 1,
    });
    assert.deepEqual(cards(columns[0]), [t[4], t[3], t[2], t[1]], 'newest first');
    assert.equal(columns[0]!.cards.totalCount, 4);
  });

  it('counts and shows only what each viewer may see', async () => {
    const erin = await board('erin');
    assert.deepEqual(counts(erin.columns), {
      new: 3,
      in_progress: 0,
      waiting_on_requester: 0,
      fixed: 0,
      closed: 0,
      withdrawn: 0,
      resolved: 1,
    });
    assert.deepEqual(cards(erin.columns[0]), [t[4], t[2], t[1]]);

    const eli = await board('eli');
    assert.deepEqual(counts(eli.columns), {
      new: 1,
      in_progress: 0,
      waiting_on_requester: 0,
      fixed: 0,
      closed: 0,
      withdrawn: 0,
    });
    assert.deepEqual(cards(eli.columns[0]), [t[3]]);

    const sam = await board('sam');
    assert.deepEqual(
      counts(sam.columns),
      counts((await board('admin')).columns),
      'the service desk sees its whole queue',
    );

    const erik = await board('erik');
    assert.deepEqual(
      erik.columns.map((c) => [c.state, c.count, c.cards.nodes.length]),
      v2States.map((s) => [s, 0, 0]),
      "an agent of another group sees none of the service desk's tickets",
    );
  });

  it('gives the first cards of a column and a cursor the tickets query continues from', async () => {
    const { columns } = await board('admin', 2);
    const fresh = columns[0]!;
    assert.deepEqual([fresh.count, cards(fresh), fresh.cards.pageInfo.hasNextPage], [4, [t[4], t[3]], true]);
    const more = await api.gql<{ tickets: { nodes: { number: string }[]; pageInfo: { hasNextPage: boolean } } }>(
      `query ($a: String) { tickets(filter: { process: "it-support", state: "new", open: true }, first: 2, after: $a) {
        nodes { number } pageInfo { hasNextPage } } }`,
      { a: fresh.cards.pageInfo.endCursor },
      { token: token.admin },
    );
    assert.deepEqual(more.data, {
      tickets: { nodes: [{ number: t[2] }, { number: t[1] }], pageInfo: { hasNextPage: false } },
    });
    assert.equal(columns[1]!.cards.pageInfo.endCursor, null);
  });

  it("pages through a column's own cards by cursor, as far as the viewer may see", async () => {
    const PAGE = `query ($a: String, $f: Int) { board(processKey: "it-support", first: 2) {
      columns { state cards(after: $a, first: $f) { totalCount nodes { number } pageInfo { hasNextPage endCursor } } }
    } }`;
    type Paged = { board: { columns: Pick<Column, 'state' | 'cards'>[] } };
    const { columns } = await board('admin', 2);
    const next = await api.gql<Paged>(PAGE, { a: columns[0]!.cards.pageInfo.endCursor }, { token: token.admin });
    const fresh = next.data!.board.columns[0]!;
    assert.deepEqual(
      [fresh.state, fresh.cards.totalCount, cards(fresh as Column), fresh.cards.pageInfo.hasNextPage],
      ['new', 4, [t[2], t[1]], false],
    );
    const bigger = await api.gql<Paged>(PAGE, { f: 3 }, { token: token.admin });
    assert.deepEqual(cards(bigger.data!.board.columns[0] as Column), [t[4], t[3], t[2]]);
    const erik = await api.gql<Paged>(PAGE, { a: columns[0]!.cards.pageInfo.endCursor }, { token: token.erik });
    assert.deepEqual(cards(erik.data!.board.columns[0] as Column), [], 'a cursor shows nothing one may not see');
    const forged = await api.gql(PAGE, { a: 'not-a-cursor' }, { token: token.admin });
    assert.equal(forged.errors?.[0]?.extensions.code, 'BAD_USER_INPUT', JSON.stringify(forged));
  });

  it('refuses an unknown process and a page size out of range', async () => {
    const unknown = await api.gql(BOARD, { p: 'no-such-process' }, { token: token.admin });
    assert.equal(unknown.errors?.[0]?.extensions.code, 'NOT_FOUND');
    const tooMany = await api.gql(BOARD, { p: 'it-support', f: 500 }, { token: token.admin });
    assert.equal(tooMany.errors?.[0]?.extensions.code, 'BAD_USER_INPUT');
    assert.deepEqual(tooMany.errors[0]!.extensions.fields, ['first']);
  });
});
