// External signals over GraphQL: a system with a scoped API key tells a ticket the requester replied.
// Without a key, with a wrong, malformed or revoked one, for a ticket of another process, a signal out
// of scope or undeclared, or in a state where it does not apply, the answer is a typed error and the
// ticket does not change; a replayed idempotency key has one effect and answers duplicate: true.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startTestApi, type TestApi, failsWith } from '../support/api.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const SIGNAL = `mutation ($n: String!, $s: String!, $p: JSON, $k: String!) {
  signalTicket(number: $n, signal: $s, payload: $p, idempotencyKey: $k) {
    duplicate effect transition previousState ticket { number state version }
  }
}`;
const CREATE_KEY = `mutation ($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret key { id name } } }`;

type SignalAnswer = {
  signalTicket: {
    duplicate: boolean;
    effect: string;
    transition: string | null;
    previousState: string;
    ticket: { number: string; state: string; version: number };
  };
};

describe('signals from external systems over GraphQL', () => {
  let sys: TestSystem;
  let api: TestApi;
  let admin: string;
  /** mail-gateway: it-support, requester.replied. */
  let mailKey: { secret: string; id: string };

  async function createKey(input: Record<string, unknown>) {
    const result = await api.gql<{ createApiKey: { secret: string; key: { id: string } } }>(
      CREATE_KEY,
      { i: input },
      { token: admin },
    );
    assert.ok(result.data?.createApiKey, JSON.stringify(result.errors));
    return { secret: result.data.createApiKey.secret, id: result.data.createApiKey.key.id };
  }

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
    admin = await api.signIn('admin@example.com');
    mailKey = await createKey({ name: 'mail-gateway', processes: ['it-support'], signals: ['requester.replied'] });
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  /** A fresh it-support ticket of erin's; with `waiting`, an agent asked her a question. */
  async function ticket(waiting: boolean): Promise<string> {
    const erin = await sys.person('erin.employee@example.com');
    const sam = await sys.person('sam.agent@example.com');
    const { ticket } = await sys.tickets.create(
      { process: 'it-support', title: 'Laptop', requester: { userId: erin.userId }, fields: { category: 'hardware' } },
      erin,
    );
    if (waiting) {
      await sys.tickets.move(ticket.number, sam, { transition: 'start' });
      await sys.tickets.move(ticket.number, sam, { transition: 'ask_requester', fields: { question: 'Which one?' } });
    }
    await sys.tickets.settle(ticket.number);
    return ticket.number;
  }

  const stateOf = async (number: string) =>
    await sys.db
      .selectFrom('tickets')
      .select(['state', 'version'])
      .where('number', '=', number)
      .executeTakeFirstOrThrow();

  const reply = (number: string, token: string | undefined, idempotencyKey = randomUUID()) =>
    api.gql<SignalAnswer>(
      SIGNAL,
      { n: number, s: 'requester.replied', p: { message: 'The grey one.' }, k: idempotencyKey },
      { token },
    );

  it('delivers a declared signal once: a replay answers duplicate and changes nothing', async () => {
    const number = await ticket(true);
    const idempotencyKey = randomUUID();
    const first = await reply(number, mailKey.secret, idempotencyKey);
    assert.equal(first.data?.signalTicket.duplicate, false, JSON.stringify(first.errors));
    assert.equal(first.data?.signalTicket.ticket.state, 'in_progress');
    const { effect, transition, previousState } = first.data!.signalTicket;
    assert.deepEqual(
      { effect, transition, previousState },
      { effect: 'TRANSITION', transition: 'requester_replied', previousState: 'waiting_on_requester' },
      'the answer says what the signal did',
    );
    const after = await stateOf(number);

    const replay = await reply(number, mailKey.secret, idempotencyKey);
    // Were it delivered again, it would be refused: the ticket no longer waits on its requester.
    assert.equal(replay.data?.signalTicket.duplicate, true, JSON.stringify(replay.errors));
    assert.equal(replay.data?.signalTicket.ticket.state, 'in_progress');
    assert.equal(replay.data?.signalTicket.effect, 'NONE');
    assert.deepEqual(await stateOf(number), after, 'the replay changed nothing');
    const fresh = await reply(number, mailKey.secret);
    failsWith(fresh, 'INVALID_TRANSITION', 'SIGNAL_NOT_APPLICABLE');

    const key = await sys.db
      .selectFrom('api_keys')
      .select('last_used_at')
      .where('id', '=', mailKey.id)
      .executeTakeFirst();
    assert.ok(key?.last_used_at, 'the key records when it was used');
  });

  it('refuses a request without a key, with a wrong, malformed or revoked key; the ticket stays', async () => {
    const number = await ticket(true);
    const before = await stateOf(number);
    failsWith(await reply(number, undefined), 'UNAUTHENTICATED', 'NO_TOKEN');
    const [, prefix] = /^tfk_([0-9a-f]{8})_/.exec(mailKey.secret)!;
    const wrongSecret = `tfk_${prefix}_${Buffer.alloc(32, 7).toString('base64url')}`;
    failsWith(await reply(number, wrongSecret), 'UNAUTHENTICATED', 'API_KEY_INVALID');
    failsWith(await reply(number, `${mailKey.secret.slice(0, 12)}`), 'UNAUTHENTICATED', 'API_KEY_MALFORMED');
    const unknown = `tfk_00000000_${Buffer.alloc(32, 1).toString('base64url')}`;
    failsWith(await reply(number, unknown), 'UNAUTHENTICATED', 'API_KEY_INVALID');

    const doomed = await createKey({ name: 'old-gateway', processes: ['it-support'], signals: ['requester.replied'] });
    const revoked = await api.gql(
      'mutation ($id: ID!) { revokeApiKey(id: $id) { revokedAt } }',
      { id: doomed.id },
      {
        token: admin,
      },
    );
    assert.ok(revoked.data, JSON.stringify(revoked.errors));
    failsWith(await reply(number, doomed.secret), 'UNAUTHENTICATED', 'API_KEY_REVOKED');
    assert.deepEqual(await stateOf(number), before);
  });

  it('hides tickets of processes outside the key: NOT_FOUND, as for a ticket that does not exist', async () => {
    const number = await ticket(true);
    const caseKey = await createKey({
      name: 'jira',
      processes: ['customer-case'],
      signals: ['jira.issue_resolved'],
    });
    const other = await api.gql(
      SIGNAL,
      { n: number, s: 'jira.issue_resolved', p: {}, k: randomUUID() },
      { token: caseKey.secret },
    );
    failsWith(other, 'NOT_FOUND');
    const missing = await api.gql(
      SIGNAL,
      { n: 'IT-999999', s: 'jira.issue_resolved', p: {}, k: randomUUID() },
      { token: caseKey.secret },
    );
    failsWith(missing, 'NOT_FOUND');
    assert.equal(other.errors![0]!.message.replace(number, 'N'), missing.errors![0]!.message.replace('IT-999999', 'N'));
    assert.equal((await stateOf(number)).state, 'waiting_on_requester');
  });

  it('refuses a signal outside the key scope, and one the ticket process does not declare', async () => {
    const number = await ticket(true);
    const broad = await createKey({
      name: 'hub',
      processes: ['it-support', 'customer-case'],
      signals: ['requester.replied', 'jira.issue_resolved'],
    });
    const outOfScope = await api.gql(
      SIGNAL,
      { n: number, s: 'salesforce.case_updated', p: {}, k: randomUUID() },
      { token: broad.secret },
    );
    failsWith(outOfScope, 'FORBIDDEN', 'NOT_IN_SCOPE');
    const undeclared = await api.gql(
      SIGNAL,
      { n: number, s: 'jira.issue_resolved', p: { issue_key: 'ENG-1', resolution: 'fixed' }, k: randomUUID() },
      { token: broad.secret },
    );
    failsWith(undeclared, 'BAD_USER_INPUT', 'UNKNOWN_SIGNAL');
    const badPayload = await api.gql(
      SIGNAL,
      { n: number, s: 'requester.replied', p: { message: 42 }, k: randomUUID() },
      { token: broad.secret },
    );
    failsWith(badPayload, 'BAD_USER_INPUT');
    assert.equal((await stateOf(number)).state, 'waiting_on_requester');
  });

  it('answers INVALID_TRANSITION for a signal in a state where it does not apply', async () => {
    const number = await ticket(false);
    failsWith(await reply(number, mailKey.secret), 'INVALID_TRANSITION', 'SIGNAL_NOT_APPLICABLE');
    assert.equal((await stateOf(number)).state, 'new');
    // On the timeline for those who work the ticket, as the system that sent it.
    const sam = await api.signIn('sam.agent@example.com');
    const read = await api.gql<{
      ticket: { timeline: { type: string; actor: unknown; data: Record<string, unknown> }[] };
    }>('query ($n: String!) { ticket(number: $n) { timeline { type actor data } } }', { n: number }, { token: sam });
    const refused = read.data!.ticket.timeline.filter((e) => e.type === 'refused');
    assert.equal(refused.length, 1);
    assert.deepEqual(
      { actor: refused[0]!.actor, action: refused[0]!.data.action, reason: refused[0]!.data.reason },
      { actor: { kind: 'system', name: 'mail-gateway' }, action: 'signal.refused', reason: 'SIGNAL_NOT_APPLICABLE' },
    );
  });

  it('shows payload texts, stored apart from the workflow, to those who may read them', async () => {
    const TIMELINE = `query ($n: String!) { ticket(number: $n) { timeline { type data } } }`;
    type Timeline = { ticket: { timeline: { type: string; data: Record<string, unknown> }[] } };
    const signalEvents = async (number: string, token: string) =>
      (await api.gql<Timeline>(TIMELINE, { n: number }, { token })).data!.ticket.timeline.filter((e) =>
        ['signal_received', 'external_comment'].includes(e.type),
      );
    const erin = await api.signIn('erin.employee@example.com');
    const sam = await api.signIn('sam.agent@example.com');

    // it-support: the requester's reply (longtext) reads as sent, for her and for the service desk.
    const number = await ticket(true);
    assert.ok((await reply(number, mailKey.secret)).data?.signalTicket);
    for (const token of [erin, sam]) {
      const [received] = await signalEvents(number, token);
      assert.deepEqual(received?.data.payload, { message: 'The grey one.' });
    }

    // customer-case: a Salesforce comment becomes an internal comment; the requester sees that the case
    // was updated, not what was written, and the workflow holds neither text.
    const crmKey = await createKey({
      name: 'salesforce',
      processes: ['customer-case'],
      signals: ['salesforce.case_updated'],
    });
    const created = await api.gql<{ createTicket: { number: string } }>(
      'mutation ($i: CreateTicketInput!) { createTicket(input: $i) { number } }',
      { i: { process: 'customer-case', title: 'Outage', fields: { account: 'ACME' } } },
      { token: erin },
    );
    const caseNumber = created.data!.createTicket.number;
    const comment = 'Customer called: the outage hits the Berlin office only. '.repeat(20);
    const author = 'A. Long Name '.repeat(20); // a `text` value over 200 characters: stored too
    const signalled = await api.gql<SignalAnswer>(
      SIGNAL,
      { n: caseNumber, s: 'salesforce.case_updated', p: { comment, author }, k: randomUUID() },
      { token: crmKey.secret },
    );
    assert.equal(signalled.data?.signalTicket.duplicate, false, JSON.stringify(signalled.errors));
    const tia = await api.signIn('tia.support@example.com'); // support-tier1, the case's group
    const asStaff = await signalEvents(caseNumber, tia);
    assert.deepEqual(
      asStaff.map((e) => [e.type, e.data.payload]),
      [
        ['signal_received', { comment, author }],
        ['external_comment', { comment, author }],
      ],
    );
    const asRequester = await signalEvents(caseNumber, erin);
    assert.deepEqual(
      asRequester.map((e) => [e.type, e.data.name, 'payload' in e.data]),
      [['signal_received', 'salesforce.case_updated', false]],
    );
    const { events } = await sys.tickets.timeline(caseNumber);
    assert.equal(JSON.stringify(events).includes('Berlin'), false, 'the workflow has ids, not texts');
    assert.equal(JSON.stringify(events).includes('A. Long Name'), false);
  });

  it('lets admins signal, and no other person', async () => {
    const number = await ticket(true);
    failsWith(await reply(number, await api.signIn('erin.employee@example.com')), 'FORBIDDEN', 'ADMIN_ONLY');
    failsWith(await reply(number, await api.signIn('sam.agent@example.com')), 'FORBIDDEN', 'ADMIN_ONLY');
    const byAdmin = await reply(number, admin);
    assert.equal(byAdmin.data?.signalTicket.ticket.state, 'in_progress', JSON.stringify(byAdmin.errors));
  });
});
