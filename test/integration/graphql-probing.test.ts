// Nobody learns whether a ticket, person, process or key exists from an operation they may not do: for
// every operation that names one (a ticket number, an id, a process key), a caller refused for one that
// exists gets the very same answer for one that does not. Scope and rights are checked before existence.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '../../api/auth/api-keys.js';
import { register } from '../../api/people/accounts.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const MISSING_UUID = '00000000-0000-4000-8000-000000000000';

/** Each operation: its document and its variables for a target that exists and one that does not; for
 * tickets, whether the caller may read the one that exists (then its existence is no secret to them). */
type Probe = {
  query: string;
  exists: () => Promise<Record<string, unknown>>;
  missing: Record<string, unknown>;
  reads?: (token: string | undefined) => Promise<boolean>;
};

describe('refusals do not tell what exists', () => {
  let sys: TestSystem;
  let api: TestApi;
  const callers = new Map<string, string | undefined>();
  let number: string;

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
    callers.set('anonymous', undefined);
    for (const email of ['eli.employee@example.com', 'erik.engineer@example.com', 'sam.agent@example.com'])
      callers.set(email, await api.signIn(email));
    const ada = (await sys.person('admin@example.com')).userId;
    const key = async (process: string, signals: string[], may: boolean) =>
      (
        await createApiKey(sys.db, ada, {
          name: randomUUID(),
          processes: [process],
          signals,
          createTickets: may,
          readTickets: may,
        })
      ).secret;
    callers.set('it-support key without signals', await key('it-support', [], false));
    callers.set('it-support key that creates and reads', await key('it-support', [], true));
    callers.set('customer-case key', await key('customer-case', [], false));
    const erin = await sys.person('erin.employee@example.com');
    const { ticket } = await sys.tickets.create(
      { process: 'it-support', title: 'Probe', requester: { userId: erin.userId }, fields: { category: 'hardware' } },
      erin,
    );
    number = ticket.number;
    await sys.tickets.settle(number);
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  const ticketProbe = (query: string, extra: Record<string, unknown> = {}): Probe => ({
    query,
    exists: async () => ({ n: number, ...extra }),
    missing: { n: 'IT-999999', ...extra },
    reads: async (token) =>
      !!(
        await api.gql<{ ticket: unknown }>(
          'query ($n: String!) { ticket(number: $n) { number } }',
          { n: number },
          { token },
        )
      ).data?.ticket,
  });
  const userProbe = (query: string): Probe => ({
    query,
    exists: async () => ({
      u: (await register(sys.db, { email: `${randomUUID()}@example.com`, name: 'P', password: 'long enough password' }))
        .id,
    }),
    missing: { u: MISSING_UUID },
  });
  const processProbe = (query: string): Probe => ({
    query,
    exists: async () => ({ k: 'it-support' }),
    missing: { k: 'no-such-process' },
  });

  const probes: Record<string, Probe> = {
    ticket: ticketProbe('query ($n: String!) { ticket(number: $n) { number } }'),
    moveTicket: ticketProbe('mutation ($n: String!) { moveTicket(number: $n, toState: "in_progress") { number } }'),
    assignTicket: ticketProbe('mutation ($n: String!) { assignTicket(number: $n, userId: null) { number } }'),
    claimTicket: ticketProbe('mutation ($n: String!) { claimTicket(number: $n) { number } }'),
    setTicketPriority: ticketProbe(
      'mutation ($n: String!) { setTicketPriority(number: $n, priority: high) { number } }',
    ),
    addComment: ticketProbe('mutation ($n: String!) { addComment(number: $n, body: "Hello?") { number } }'),
    signalTicket: ticketProbe(
      `mutation ($n: String!, $k: String!) {
        signalTicket(number: $n, signal: "requester.replied", payload: {}, idempotencyKey: $k) { duplicate }
      }`,
      { k: randomUUID() },
    ),
    approveUser: userProbe('mutation ($u: ID!) { approveUser(userId: $u) { id } }'),
    rejectUser: userProbe('mutation ($u: ID!) { rejectUser(userId: $u) { id } }'),
    setUserRole: userProbe('mutation ($u: ID!) { setUserRole(userId: $u, role: "AGENT") { id } }'),
    setUserStatus: userProbe('mutation ($u: ID!) { setUserStatus(userId: $u, status: "away") { id } }'),
    addGroupMember: userProbe('mutation ($u: ID!) { addGroupMember(group: "service-desk", userId: $u) { key } }'),
    removeGroupMember: userProbe('mutation ($u: ID!) { removeGroupMember(group: "service-desk", userId: $u) { key } }'),
    revokeApiKey: {
      query: 'mutation ($id: ID!) { revokeApiKey(id: $id) { id } }',
      exists: async () => ({
        id: (
          await createApiKey(sys.db, (await sys.person('admin@example.com')).userId, {
            name: randomUUID(),
            processes: ['it-support'],
            signals: [],
            createTickets: false,
            readTickets: false,
          })
        ).key.id,
      }),
      missing: { id: MISSING_UUID },
    },
    processDefinition: processProbe('query ($k: String!) { processDefinition(key: $k) { version } }'),
    processDraft: processProbe('query ($k: String!) { processDraft(key: $k) { key } }'),
    publishProcessDefinition: processProbe('mutation ($k: String!) { publishProcessDefinition(key: $k) { version } }'),
    retireProcess: processProbe('mutation ($k: String!) { retireProcess(key: $k) { key } }'),
    restoreProcess: processProbe('mutation ($k: String!) { restoreProcess(key: $k) { key } }'),
    board: processProbe('query ($k: String!) { board(processKey: $k) { columns { count } } }'),
    createTicket: {
      query:
        'mutation ($p: String!) { createTicket(input: { process: $p, title: "Probe", requester: { name: "P", email: "p@example.org" } }) { number } }',
      exists: async () => ({ p: 'customer-case' }),
      missing: { p: 'no-such-process' },
    },
  };

  const outcome = async (probe: Probe, variables: Record<string, unknown>, token: string | undefined) => {
    const answer = await api.gql(probe.query, variables, { token });
    const error = answer.errors?.[0];
    if (error) return { code: error.extensions.code, reason: error.extensions.reason ?? null };
    const value = Object.values(answer.data ?? {})[0];
    return { code: value === null ? 'null' : 'ok', reason: null };
  };

  for (const [operation, probe] of Object.entries(probes)) {
    it(operation, { timeout: 60_000 }, async () => {
      let compared = 0;
      for (const [caller, token] of callers) {
        const existing = await outcome(probe, await probe.exists(), token);
        // A caller who may do it, or may read the ticket, may know that it exists.
        if (existing.code === 'ok' || (await probe.reads?.(token))) continue;
        const missing = await outcome(probe, probe.missing, token);
        assert.deepEqual(missing, existing, `${operation} as ${caller}: refused alike whether the target exists`);
        compared++;
      }
      assert.ok(compared > 0, `${operation}: somebody is refused`);
    });
  }
});
