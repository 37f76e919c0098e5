// Who else is on a ticket, end to end over two API replicas that share one database: a heartbeat sent to
// one replica reaches a subscriber of the other (NOTIFY on ticket_presence); typing shows to staff only;
// a closed page is gone at once, a silent one after its heartbeat expires; refused heartbeats and
// subscriptions are typed errors that change nobody's list.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PRESENCE_TTL_MS } from '../../api/live/presence.js';
import { failsWith, startTestApi, type TestApi } from '../support/api.js';
import { subscribe, type StreamMessage, type Subscription } from '../support/sse.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const PRESENCE = `subscription ($n: String!) { ticketPresence(number: $n) { user { name } typing } }`;
const REPORT = `mutation ($n: String!, $t: Boolean!) { reportTicketPresence(number: $n, typing: $t) }`;
const CREATE = `mutation ($t: String!) { createTicket(input: { process: "it-support", title: $t, fields: { category: "hardware" } }) { number } }`;

type Viewers = { user: { name: string }; typing: boolean }[];

/** The list a message carries; fails on anything else. */
function listOf(message: StreamMessage): Viewers {
  assert.equal(message.kind, 'next', `expected a list, got ${JSON.stringify(message)}`);
  const result = (message as Extract<StreamMessage, { kind: 'next' }>).result;
  assert.ok(!result.errors?.length, JSON.stringify(result.errors));
  return (result.data as { ticketPresence: Viewers }).ticketPresence;
}

const names = (list: Viewers) => list.map((v) => `${v.user.name}${v.typing ? ' (typing)' : ''}`).sort();

describe('who else is on a ticket', () => {
  let sys: TestSystem;
  let one: TestApi;
  let two: TestApi;
  const tokens: Record<string, string> = {};
  let number: string;
  const streams: Subscription[] = [];
  const open = async (api: TestApi, who: string, n = number) => {
    const stream = await subscribe(api.url, PRESENCE, { n }, tokens[who]);
    streams.push(stream);
    return stream;
  };
  const report = (api: TestApi, who: string, typing: boolean, n = number) =>
    api.gql<{ reportTicketPresence: boolean }>(REPORT, { n, t: typing }, { token: tokens[who] });

  before(async () => {
    sys = await startTestSystem();
    one = await startTestApi(sys);
    two = await startTestApi(sys);
    for (const [who, email] of Object.entries({
      erin: 'erin.employee@example.com',
      eli: 'eli.employee@example.com',
      sam: 'sam.agent@example.com',
      cora: 'cora.coordinator@example.com',
      erik: 'erik.engineer@example.com',
    }))
      tokens[who] = await one.signIn(email);
    const created = await one.gql<{ createTicket: { number: string } }>(
      CREATE,
      { t: 'Printer' },
      { token: tokens.erin },
    );
    assert.ok(created.data, JSON.stringify(created.errors));
    number = created.data.createTicket.number;
  });
  after(async () => {
    for (const stream of streams) stream.close();
    await one.stop();
    await two.stop();
    await sys.stop();
  });

  it(
    'shows a subscriber on one replica who views and types through the other, then who left',
    { timeout: 60_000 },
    async () => {
      const sam = await open(one, 'sam');
      assert.deepEqual(listOf(await sam.next()), [], 'nobody else at first');

      // Cora's page, on the other replica: its stream open, then its first heartbeat.
      const cora = await open(two, 'cora');
      assert.deepEqual(listOf(await cora.next()), []);
      assert.equal((await report(two, 'cora', false)).data?.reportTicketPresence, true);
      assert.deepEqual(names(listOf(await sam.next())), ['Cora Coordinator']);

      assert.equal((await report(two, 'cora', true)).data?.reportTicketPresence, true);
      assert.deepEqual(names(listOf(await sam.next())), ['Cora Coordinator (typing)']);
      // A heartbeat that changes nothing Sam sees sends him nothing.
      await report(two, 'cora', true);
      assert.equal((await sam.next(1_500)).kind, 'timeout');

      // Sam's own heartbeat: Cora sees him; he is never in his own list.
      await report(one, 'sam', false);
      assert.deepEqual(names(listOf(await cora.next())), ['Sam Agent']);
      assert.equal((await sam.next(1_500)).kind, 'timeout');

      // Cora closes the page: gone from Sam's list at once, not 30 s later.
      cora.close();
      assert.deepEqual(listOf(await sam.next(10_000)), []);
    },
  );

  it('shows the requester who is viewing, never who is typing', { timeout: 60_000 }, async () => {
    const erin = await open(two, 'erin');
    const sam = await open(one, 'sam');
    // Sam is still on the ticket from his heartbeat above.
    assert.deepEqual(names(listOf(await erin.next())), ['Sam Agent']);
    assert.deepEqual(listOf(await sam.next()), []);

    await report(one, 'sam', true);
    // Staff typing may be an internal note: Erin's list does not change, so she gets nothing.
    assert.equal((await erin.next(1_500)).kind, 'timeout');
    await report(two, 'erin', true);
    assert.deepEqual(names(listOf(await sam.next())), ['Erin Employee (typing)']);
    erin.close();
    assert.deepEqual(listOf(await sam.next(10_000)), []);
    sam.close();
  });

  it('drops a person whose heartbeats stop, about 30 s after the last', { timeout: 120_000 }, async () => {
    const cora = await open(two, 'cora');
    listOf(await cora.next());
    // Sam's page died without closing its stream: only his heartbeats stop.
    await report(one, 'sam', false);
    const seen = names(listOf(await cora.next()));
    assert.deepEqual(seen, ['Sam Agent']);
    const since = Date.now();
    assert.deepEqual(listOf(await cora.next(PRESENCE_TTL_MS + 10_000)), []);
    const waited = Date.now() - since;
    assert.ok(waited >= PRESENCE_TTL_MS - 2_000, `expired after ${waited} ms`);
  });

  // API keys (FORBIDDEN) are asked by the access matrix (graphql-access.test.ts).
  it('refuses people who may not see the ticket, and changes no list', { timeout: 60_000 }, async () => {
    const sam = await open(one, 'sam');
    listOf(await sam.next());
    failsWith(await report(one, 'eli', false), 'NOT_FOUND');
    failsWith(await report(two, 'erik', true), 'NOT_FOUND');
    failsWith(await report(one, 'sam', false, 'IT-999999'), 'NOT_FOUND');
    failsWith(await one.gql(REPORT, { n: number, t: false }), 'UNAUTHENTICATED');
    // Nobody came onto Sam's list.
    assert.equal((await sam.next(2_000)).kind, 'timeout');

    const eli = await open(two, 'eli');
    const refused = await eli.next();
    assert.equal(refused.kind, 'next');
    const errors = (refused as Extract<StreamMessage, { kind: 'next' }>).result.errors;
    assert.equal(errors?.[0]?.extensions.code, 'NOT_FOUND', JSON.stringify(refused));
  });
});
