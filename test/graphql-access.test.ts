// Who may do what over GraphQL, as a literal table: operation × who is asking → the answer. The table
// is written from the rules (seeds: employees their own tickets, agents and coordinators their groups'
// tickets, agents claim, coordinators assign and set priority, admins everything), not from the code;
// every operation of the schema must have its row. A subscription's cell opens the stream (server-sent
// events), has erin comment on her ticket, and reads until an event of that ticket, an error, or
// silence: 'silent' means the stream stays open and carries nothing of the ticket.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { register } from '../api/people/accounts.js';
import { startTestApi, type TestApi } from './support/api.js';
import { subscribe } from './support/sse.js';
import { startTestSystem, type TestSystem } from './support/system.js';

/** anonymous; erin (the requester); eli (another employee); sam (agent of the ticket's group); erik
 * (agent of another group); cora (coordinator of the ticket's group); ada (admin). */
const who = ['anonymous', 'erin', 'eli', 'sam', 'erik', 'cora', 'ada'] as const;
type Who = (typeof who)[number];
type Answer = 'ok' | 'null' | 'silent' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND';

const emails: Record<Exclude<Who, 'anonymous'>, string> = {
  erin: 'erin.employee@example.com',
  eli: 'eli.employee@example.com',
  sam: 'sam.agent@example.com',
  erik: 'erik.engineer@example.com',
  cora: 'cora.coordinator@example.com',
  ada: 'admin@example.com',
};

const U = 'UNAUTHENTICATED';
const F = 'FORBIDDEN';
const N = 'NOT_FOUND';
//                          anonymous  erin    eli     sam     erik    cora    ada
const matrix: Record<string, Answer[]> = {
  me: [U, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  ticket: [U, 'ok', 'null', 'ok', 'null', 'ok', 'ok'],
  tickets: [U, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  createTicket: [U, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  moveTicket: [U, F, N, 'ok', N, 'ok', 'ok'],
  assignTicket: [U, F, N, F, N, 'ok', 'ok'],
  claimTicket: [U, F, N, 'ok', N, 'ok', 'ok'],
  setTicketPriority: [U, F, N, F, N, 'ok', 'ok'],
  addComment: [U, 'ok', N, 'ok', N, 'ok', 'ok'],
  register: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  login: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  // Without a refresh token (none in the body, no cookie), nobody renews or ends a sign-in.
  refreshToken: [U, U, U, U, U, U, U],
  logout: [U, U, U, U, U, U, U],
  approveUser: [U, F, F, F, F, F, 'ok'],
  rejectUser: [U, F, F, F, F, F, 'ok'],
  // Anyone signed in may watch a board; it shows them only the tickets they may see.
  boardEvents: [U, 'ok', 'silent', 'ok', 'silent', 'ok', 'ok'],
  ticketEvents: [U, 'ok', N, 'ok', N, 'ok', 'ok'],
};

/** After the change is committed, an event that does not come within this long is not coming. */
const SILENCE_MS = 5_000;

describe('who may do what over GraphQL', () => {
  let sys: TestSystem;
  let api: TestApi;
  const tokens = new Map<Who, string | undefined>();
  const ids = new Map<Who, string>();

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
    tokens.set('anonymous', undefined);
    for (const [name, email] of Object.entries(emails)) {
      tokens.set(name as Who, await api.signIn(email));
      ids.set(name as Who, (await sys.person(email)).userId);
    }
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  /** A fresh ticket of erin's in the service desk's queue, waiting in `new`. */
  async function erinsTicket(): Promise<string> {
    const erin = await sys.person(emails.erin);
    const { ticket } = await sys.tickets.create(
      { process: 'it-support', title: 'Matrix', requester: { userId: erin.userId }, fields: { category: 'hardware' } },
      erin,
    );
    await sys.tickets.settle(ticket.number);
    return ticket.number;
  }

  const pending = async () =>
    (
      await register(sys.db, {
        email: `${randomUUID()}@example.com`,
        name: 'Pending',
        password: 'long enough password',
      })
    ).id;

  /** Each operation with what it needs: a document and variables made fresh for every cell. */
  const operations: Record<string, () => Promise<[string, Record<string, unknown>]>> = {
    me: async () => ['{ me { id } }', {}],
    ticket: async () => ['query ($n: String!) { ticket(number: $n) { number } }', { n: await erinsTicket() }],
    tickets: async () => ['{ tickets { totalCount } }', {}],
    createTicket: async () => [
      'mutation ($i: CreateTicketInput!) { createTicket(input: $i) { number } }',
      { i: { process: 'it-support', title: 'New', fields: { category: 'software' } } },
    ],
    moveTicket: async () => [
      'mutation ($n: String!) { moveTicket(number: $n, toState: "in_progress") { state } }',
      { n: await erinsTicket() },
    ],
    assignTicket: async () => [
      'mutation ($n: String!, $u: ID) { assignTicket(number: $n, userId: $u) { number } }',
      { n: await erinsTicket(), u: (await sys.person('sara.agent@example.com')).userId },
    ],
    claimTicket: async () => [
      'mutation ($n: String!) { claimTicket(number: $n) { number } }',
      { n: await erinsTicket() },
    ],
    setTicketPriority: async () => [
      'mutation ($n: String!) { setTicketPriority(number: $n, priority: urgent) { priority } }',
      { n: await erinsTicket() },
    ],
    addComment: async () => [
      'mutation ($n: String!) { addComment(number: $n, body: "Any news?") { number } }',
      { n: await erinsTicket() },
    ],
    register: async () => [
      'mutation ($i: RegisterInput!) { register(input: $i) { id } }',
      { i: { email: `${randomUUID()}@example.com`, name: 'Someone', password: 'long enough password' } },
    ],
    login: async () => [
      'mutation { login(email: "eli.employee@example.com", password: "ticketflow-demo") { accessToken } }',
      {},
    ],
    refreshToken: async () => ['mutation { refreshToken { accessToken } }', {}],
    logout: async () => ['mutation { logout }', {}],
    approveUser: async () => ['mutation ($u: ID!) { approveUser(userId: $u) { id } }', { u: await pending() }],
    rejectUser: async () => ['mutation ($u: ID!) { rejectUser(userId: $u) { id } }', { u: await pending() }],
  };

  /** Each subscription with the ticket whose change (erin's public comment) its stream should carry. */
  const subscriptions: Record<string, () => Promise<[string, Record<string, unknown>, string]>> = {
    boardEvents: async () => {
      const n = await erinsTicket();
      return ['subscription { boardEvents(processKey: "it-support") { ticket { number } } }', {}, n];
    },
    ticketEvents: async () => {
      const n = await erinsTicket();
      return ['subscription ($n: String!) { ticketEvents(number: $n) { ticket { number } } }', { n }, n];
    },
  };

  /** Opens the stream, makes the change, reads until an event of the ticket, an error, or silence. */
  async function subscriptionAnswer(operation: string, token: string | undefined): Promise<[Answer, string]> {
    const [query, variables, number] = await subscriptions[operation]!();
    const stream = await subscribe(api.url, query, variables, token);
    try {
      const erin = await sys.person(emails.erin);
      await sys.tickets.comment(number, erin, { body: 'Watching?', visibility: 'public' });
      const silentAfter = Date.now() + SILENCE_MS;
      for (;;) {
        const message = await stream.next(Math.max(silentAfter - Date.now(), 1));
        if (message.kind !== 'next') return ['silent', message.kind];
        const { data, errors } = message.result;
        if (errors?.length) return [errors[0]!.extensions.code as Answer, JSON.stringify(errors)];
        const event = (data as Record<string, { ticket: { number: string } }>)[operation]!;
        if (event.ticket.number === number) return ['ok', JSON.stringify(data)];
      }
    } finally {
      stream.close();
    }
  }

  it('has a row for every operation of the schema', async () => {
    type Fields = { fields: { name: string }[] };
    const result = await api.gql<{
      __schema: { queryType: Fields; mutationType: Fields; subscriptionType: Fields };
    }>(
      '{ __schema { queryType { fields { name } } mutationType { fields { name } } subscriptionType { fields { name } } } }',
    );
    const schema = result.data!.__schema;
    const names = [...schema.queryType.fields, ...schema.mutationType.fields, ...schema.subscriptionType.fields]
      .map((f) => f.name)
      .sort();
    assert.deepEqual(Object.keys(matrix).sort(), names, 'the matrix and the schema name the same operations');
  });

  for (const [operation, answers] of Object.entries(matrix)) {
    it(operation, { timeout: 120_000 }, async () => {
      for (const [i, caller] of who.entries()) {
        if (subscriptions[operation]) {
          const [got, seen] = await subscriptionAnswer(operation, tokens.get(caller));
          assert.equal(got, answers[i], `${operation} as ${caller}: ${seen}`);
          continue;
        }
        const [query, variables] = await operations[operation]!();
        const result = await api.gql(query, variables, { token: tokens.get(caller) });
        const field = (result.data as Record<string, unknown> | null | undefined)?.[operation];
        const got: Answer = result.errors?.length
          ? (result.errors[0]!.extensions.code as Answer)
          : field === null
            ? 'null'
            : 'ok';
        assert.equal(got, answers[i], `${operation} as ${caller}: ${JSON.stringify(result.errors ?? result.data)}`);
      }
    });
  }
});
