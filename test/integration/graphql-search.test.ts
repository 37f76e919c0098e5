// Search end to end, real API, Temporal and Postgres: ranking (a word in a title outranks it in a
// comment), snippets that mark the words, internal notes found by those who work the ticket and never by
// its requester (nor by staff of another group who asked for it), other groups' tickets never found,
// a ticket number jumping to its ticket however it is typed — and a number one may not see not
// revealed —, a comment's words searchable right after it is added and gone once it is removed, the
// board's `text` filter matching the same full text, and bad input answered with typed errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { failsWith, startTestApi, type TestApi } from '../support/api.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const CREATE = `mutation ($i: CreateTicketInput!) { createTicket(input: $i) { number } }`;
const COMMENT = `mutation ($n: String!, $b: String!, $v: CommentVisibility) { addComment(number: $n, body: $b, visibility: $v) { number } }`;
const SEARCH = `query ($q: String!, $first: Int, $after: String) {
  search(query: $q, first: $first, after: $after) {
    jumpTo { number }
    hits { ticket { number title } rank snippet { text match } }
    totalCount
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Results {
  jumpTo: { number: string } | null;
  hits: { ticket: { number: string; title: string }; rank: number; snippet: { text: string; match: boolean }[] }[];
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

describe('search', () => {
  let sys: TestSystem;
  let api: TestApi;
  const tokens: Record<string, string> = {};
  /** Erin's: "Kestrel" in its title, an internal note of Sam's on it. */
  let titled: string;
  /** Erin's: "kestrel" only in a public comment. */
  let commented: string;
  /** Eli's, which Erin may not see. */
  let elis: string;
  /** An engineering change the admin asked for: neither Erin's nor Sam's group's. */
  let engineering: string;
  /** Erik's (an engineer) it-support request, with a note of Sam's on it. */
  let eriks: string;

  const create = async (who: string, input: Record<string, unknown>) => {
    const created = await api.gql<{ createTicket: { number: string } }>(CREATE, { i: input }, { token: tokens[who] });
    assert.ok(created.data, JSON.stringify(created.errors));
    return created.data.createTicket.number;
  };
  const itTicket = (who: string, title: string, description?: string) =>
    create(who, { process: 'it-support', title, description, fields: { category: 'hardware' } });
  const comment = async (who: string, number: string, body: string, visibility: 'public' | 'internal') => {
    const done = await api.gql(COMMENT, { n: number, b: body, v: visibility }, { token: tokens[who] });
    assert.ok(done.data, JSON.stringify(done.errors));
  };
  const search = async (who: string, q: string, page: { first?: number; after?: string } = {}) => {
    const result = await api.gql<{ search: Results }>(SEARCH, { q, ...page }, { token: tokens[who] });
    assert.ok(result.data, JSON.stringify(result.errors));
    return result.data.search;
  };
  const numbersFound = async (who: string, q: string) => (await search(who, q)).hits.map((h) => h.ticket.number);

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
    for (const email of [
      'erin.employee@example.com',
      'eli.employee@example.com',
      'sam.agent@example.com',
      'erik.engineer@example.com',
      'admin@example.com',
    ])
      tokens[email.split('@')[0]!.split('.')[0]!] = await api.signIn(email);
    titled = await itTicket('erin', 'Kestrel badge reader broken', 'The reader by the north door blinks red.');
    commented = await itTicket('erin', 'Door access', 'Cannot get into the lab.');
    await comment('sam', commented, 'Same fault as the kestrel wing last week.', 'public');
    await comment('sam', titled, 'Vendor ticket opened, ref marmoset.', 'internal');
    elis = await itTicket('eli', 'Kestrel printer jammed');
    engineering = await create('admin', {
      process: 'engineering-change',
      title: 'Kestrel bracket drawing',
      fields: { drawing: 'D-1', part_number: 'P-1', quantity: 1 },
    });
    eriks = await itTicket('erik', 'Monitor flickers', 'Kestrel model monitor.');
    await comment('sam', eriks, 'Known panel issue, see wombat list.', 'internal');
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  it('ranks a word in the title over the same word in a comment, and marks it in the snippet', async () => {
    const found = await search('erin', 'kestrel');
    assert.deepEqual(
      found.hits.map((h) => h.ticket.number),
      [titled, commented],
      'erin finds her two tickets, the titled one first; never eli’s nor others’',
    );
    assert.equal(found.totalCount, 2);
    assert.ok(found.hits[0]!.rank > found.hits[1]!.rank);
    const marked = found.hits[1]!.snippet.filter((p) => p.match).map((p) => p.text.toLowerCase());
    assert.deepEqual(marked, ['kestrel']);
    assert.match(found.hits[1]!.snippet.map((p) => p.text).join(''), /Same fault as the kestrel wing/);
    // Stems match: "kestrels" finds "Kestrel".
    assert.deepEqual(await numbersFound('erin', 'kestrels'), [titled, commented]);
  });

  it('finds internal notes for those who work the ticket, never for its requester', async () => {
    assert.deepEqual(await numbersFound('sam', 'marmoset'), [titled]);
    assert.deepEqual(await numbersFound('admin', 'marmoset'), [titled]);
    assert.deepEqual(await numbersFound('erin', 'marmoset'), [], 'the requester never finds a note');
    const snippet = (await search('erin', 'kestrel')).hits.flatMap((h) => h.snippet.map((p) => p.text)).join(' ');
    assert.doesNotMatch(snippet, /marmoset|Vendor/, 'nor reads one in a snippet');
    // Erik is staff, but of engineering: on his own it-support request he is its requester.
    assert.deepEqual(await numbersFound('erik', 'wombat'), []);
    assert.deepEqual(await numbersFound('sam', 'wombat'), [eriks]);
    assert.deepEqual(await numbersFound('erik', 'kestrel monitor'), [eriks]);
  });

  it('never finds tickets of other people or other groups', async () => {
    assert.deepEqual(await numbersFound('eli', 'kestrel'), [elis]);
    const sams = await numbersFound('sam', 'kestrel');
    assert.ok(!sams.includes(engineering), 'the engineering change is not the service desk’s');
    assert.deepEqual(new Set(sams), new Set([titled, commented, elis, eriks]));
    assert.deepEqual(await numbersFound('erik', 'bracket'), [engineering]);
    assert.ok((await numbersFound('admin', 'kestrel')).includes(engineering));
  });

  it('jumps to a ticket by its number however it is typed, never to one the person may not see', async () => {
    const digits = String(Number(titled.split('-')[1]));
    for (const typed of [titled, `it-${digits}`, `IT${digits}`, ` it ${digits} `])
      assert.equal((await search('erin', typed)).jumpTo?.number, titled, typed);
    assert.equal((await search('erin', elis)).jumpTo, null, 'eli’s number is not revealed to erin');
    assert.equal((await search('sam', engineering)).jumpTo, null);
    assert.equal((await search('erik', engineering.toLowerCase())).jumpTo?.number, engineering);
    assert.equal((await search('erin', 'IT-999999')).jumpTo, null);
    assert.equal((await search('erin', 'kestrel 12')).jumpTo, null, 'words with a number are no number');
  });

  it('finds a comment’s words right after it is added, and no longer once it is removed', async () => {
    assert.deepEqual(await numbersFound('erin', 'ocelot'), []);
    await comment('erin', commented, 'Tried the ocelot entrance too.', 'public');
    assert.deepEqual(await numbersFound('erin', 'ocelot'), [commented]);
    // As a refused comment's undo removes it (platform/tickets/store.ts deleteComment).
    await sys.db.deleteFrom('comments').where('body', '=', 'Tried the ocelot entrance too.').execute();
    assert.deepEqual(await numbersFound('erin', 'ocelot'), []);
    // A comment the engine refuses (erik may not write notes on his own request) leaves nothing to find.
    failsWith(
      await api.gql(COMMENT, { n: eriks, b: 'Iguana note', v: 'internal' }, { token: tokens.erik }),
      'FORBIDDEN',
    );
    assert.deepEqual(await numbersFound('sam', 'iguana'), []);
  });

  it('pages the hits and matches the ticket list’s text filter alike', async () => {
    const first = await search('sam', 'kestrel', { first: 2 });
    assert.equal(first.hits.length, 2);
    assert.equal(first.pageInfo.hasNextPage, true);
    const second = await search('sam', 'kestrel', { first: 2, after: first.pageInfo.endCursor! });
    const all = [...first.hits, ...second.hits].map((h) => h.ticket.number);
    assert.equal(new Set(all).size, 4, 'no hit twice, none missed');
    assert.equal(second.pageInfo.hasNextPage, false);
    const listed = await api.gql<{ tickets: { totalCount: number } }>(
      `{ tickets(filter: { text: "marmoset" }) { totalCount } }`,
      {},
      { token: tokens.sam },
    );
    assert.equal(listed.data?.tickets.totalCount, 1, 'the list’s text filter searches notes for staff too');
    const erins = await api.gql<{ tickets: { totalCount: number } }>(
      `{ tickets(filter: { text: "marmoset" }) { totalCount } }`,
      {},
      { token: tokens.erin },
    );
    assert.equal(erins.data?.tickets.totalCount, 0);
  });

  it('answers bad input with typed errors, and API keys are refused', async () => {
    const bad = async (variables: Record<string, unknown>, path: string) => {
      const error = failsWith(await api.gql(SEARCH, variables, { token: tokens.sam }), 'BAD_USER_INPUT');
      assert.deepEqual(error.extensions.fields, [path], JSON.stringify(error));
    };
    await bad({ q: '' }, 'query');
    await bad({ q: '    ' }, 'query');
    await bad({ q: 'x'.repeat(201) }, 'query');
    await bad({ q: 'kestrel', first: 0 }, 'first');
    await bad({ q: 'kestrel', first: 51 }, 'first');
    await bad({ q: 'kestrel', after: 'not-a-cursor' }, 'after');
    failsWith(await api.gql(SEARCH, { q: 'kestrel' }), 'UNAUTHENTICATED');
    // Words that are only stop words or punctuation find nothing, and are no error.
    assert.equal((await search('sam', 'the')).totalCount, 0);
    assert.equal((await search('sam', '"-" !')).totalCount, 0);
  });
});
