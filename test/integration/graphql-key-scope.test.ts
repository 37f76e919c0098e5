// An API key's scope holds on every path to a ticket, not only at `ticket(number)`: whatever answer
// carries a Ticket (signalTicket's, createTicket's), a key that may not read tickets gets only what
// its own change tells (number, process, state, category, version), every other field of Ticket is
// FORBIDDEN and nothing of the ticket's content is in the answer. A key that may read tickets reads
// them all. And scope comes before existence: a key refused for a ticket it may not touch is refused
// alike for one that does not exist, so it cannot probe which numbers exist.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '../../api/auth/api-keys.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { introspect, isRequired, namedType, selectionOf, type Introspected } from '../support/selections.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

/** What the answer to a key's own change may tell of the ticket. */
const TOLD = ['number', 'process', 'state', 'category', 'version'];
const SECRET_DESCRIPTION = `The vault code is ${randomUUID()}`;
const SECRET_EMAIL = `${randomUUID().slice(0, 8)}@secret.example.com`;

describe('API key scope on every path', () => {
  let sys: TestSystem;
  let api: TestApi;
  let schema: Introspected;
  let number: string;
  const keys: Record<'signalOnly' | 'reader' | 'creator' | 'noSignal', string> = {
    signalOnly: '',
    reader: '',
    creator: '',
    noSignal: '',
  };

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
    const admin = await api.signIn('admin@example.com');
    schema = await introspect(api, admin);
    const adminId = (await sys.person('admin@example.com')).userId;
    const key = async (signals: string[], createTickets: boolean, readTickets: boolean) =>
      (
        await createApiKey(sys.db, adminId, {
          name: randomUUID(),
          processes: ['it-support'],
          signals,
          createTickets,
          readTickets,
        })
      ).secret;
    keys.signalOnly = await key(['requester.replied'], false, false);
    keys.reader = await key(['requester.replied'], false, true);
    keys.creator = await key([], true, false);
    keys.noSignal = await key([], false, false);

    // A ticket someone asked for, with content a key that may not read tickets must not see.
    const { ticket } = await sys.tickets.create(
      {
        process: 'it-support',
        title: 'Private',
        description: SECRET_DESCRIPTION,
        requester: { name: 'Pat', email: SECRET_EMAIL },
        fields: { category: 'hardware' },
      },
      { kind: 'system', cause: 'test' },
    );
    number = ticket.number;
    const sam = await sys.person('sam.agent@example.com');
    await sys.tickets.move(number, sam, { transition: 'start' });
    await sys.tickets.comment(number, sam, { body: SECRET_DESCRIPTION, visibility: 'public' });
    await sys.tickets.move(number, sam, { transition: 'ask_requester', fields: { question: SECRET_DESCRIPTION } });
    await sys.tickets.settle(number);
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  /** Every field of Ticket a client could select, each with a selection of its own. */
  const ticketFields = (): [string, string][] =>
    schema.types
      .get('Ticket')!
      .fields!.filter((field) => !field.args.some(isRequired))
      .map((field) => [field.name, `${field.name} ${selectionOf(schema, namedType(field.type), { depth: 3 })}`]);

  const idempotencyKey = randomUUID();
  const signal = (key: string, selection: string) =>
    api.gql(
      `mutation ($n: String!, $k: String!) {
        signalTicket(number: $n, signal: "requester.replied", payload: { message: "hi" }, idempotencyKey: $k) {
          duplicate ticket { ${selection} }
        }
      }`,
      { n: number, k: idempotencyKey },
      { token: key },
    );

  it('a key that may not read tickets gets no field of the ticket beyond its change through signalTicket', async () => {
    const first = await signal(
      keys.signalOnly,
      TOLD.map((f) => (f === 'process' ? 'process { key version }' : f)).join(' '),
    );
    assert.equal(first.errors, undefined, JSON.stringify(first.errors));
    const fields = ticketFields().filter(([name]) => !TOLD.includes(name));
    assert.ok(fields.length >= 15, `Ticket's fields: ${fields.map(([n]) => n).join(', ')}`);
    for (const [name, selection] of fields) {
      const answer = await signal(keys.signalOnly, `number ${selection}`);
      const text = JSON.stringify(answer);
      assert.ok(!text.includes(SECRET_DESCRIPTION) && !text.includes(SECRET_EMAIL), `${name} leaks: ${text}`);
      assert.equal(answer.errors?.[0]?.extensions.code, 'FORBIDDEN', `${name}: ${text}`);
      assert.deepEqual(answer.errors[0]!.path?.slice(-1), [name], `${name}: ${text}`);
    }
  });

  it('a key that may read tickets of the process reads them through the same answer', async () => {
    // An idempotency key is its sender's own: the reader's delivery is a new one, for a ticket that
    // waits on its requester again.
    const sam = await sys.person('sam.agent@example.com');
    await sys.tickets.move(number, sam, { transition: 'ask_requester', fields: { question: 'Again?' } });
    const answer = await signal(keys.reader, 'number description requester { email } comments { body }');
    assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
    const text = JSON.stringify(answer.data);
    assert.ok(text.includes(SECRET_DESCRIPTION) && text.includes(SECRET_EMAIL), text);
  });

  it("createTicket's answer obeys the scope too", async () => {
    const create = (selection: string) =>
      api.gql(
        `mutation ($i: CreateTicketInput!) { createTicket(input: $i) { ${selection} } }`,
        {
          i: {
            process: 'it-support',
            title: 'From a system',
            description: SECRET_DESCRIPTION,
            fields: { category: 'software' },
            requester: { name: 'Pat', email: SECRET_EMAIL },
          },
        },
        { token: keys.creator },
      );
    const told = await create('number state version process { key }');
    assert.equal(told.errors, undefined, JSON.stringify(told.errors));
    for (const selection of ['description', 'requester { email }', 'comments { body }', 'fieldValues', 'title']) {
      const answer = await create(`number ${selection}`);
      const text = JSON.stringify(answer);
      assert.equal(answer.errors?.[0]?.extensions.code, 'FORBIDDEN', `${selection}: ${text}`);
      assert.ok(!text.includes(SECRET_DESCRIPTION) && !text.includes(SECRET_EMAIL), `${selection} leaks: ${text}`);
    }
  });

  it('a key without the signal is refused alike for a ticket that exists and one that does not', async () => {
    const send = (n: string, key: string) =>
      api.gql(
        `mutation ($n: String!, $k: String!) {
          signalTicket(number: $n, signal: "requester.replied", payload: {}, idempotencyKey: $k) { duplicate }
        }`,
        { n, k: randomUUID() },
        { token: key },
      );
    const existing = await send(number, keys.noSignal);
    const missing = await send('IT-999999', keys.noSignal);
    assert.equal(existing.errors?.[0]?.extensions.code, 'FORBIDDEN', JSON.stringify(existing));
    assert.equal(missing.errors?.[0]?.extensions.code, existing.errors[0]!.extensions.code, JSON.stringify(missing));
    assert.equal(missing.errors[0]!.message, existing.errors[0]!.message);
    // A key that may not read tickets: refused for both, whether the ticket exists or not.
    const read = (n: string) =>
      api.gql('query ($n: String!) { ticket(number: $n) { number } }', { n }, { token: keys.signalOnly });
    assert.deepEqual((await read(number)).errors?.[0]?.extensions.code, 'FORBIDDEN');
    assert.deepEqual((await read('IT-999999')).errors?.[0]?.extensions.code, 'FORBIDDEN');
  });
});
