// A ticket's timeline over GraphQL by kind: each event's `kind`, who caused it (`by`: a person with
// their account and role, or the system and why) and the typed fields of the common kinds — created,
// moved and entered, assigned, commented, a refused change, a signal received — beside the deprecated
// `actor` and `data`, which still read as they did.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startTestApi, type TestApi } from '../support/api.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const TIMELINE = `query ($n: String!) {
  ticket(number: $n) {
    timeline {
      seq type kind at actor data body
      by {
        __typename
        ... on PersonActor { userId role user { email } }
        ... on SystemActor { cause name }
      }
      transition fromState toState category group priority previousPriority fields sla
      assignee { email }
      comment { body visibility author { email } }
      signal source payload action reason message
    }
  }
}`;

interface Event {
  seq: number | null;
  type: string;
  kind: string;
  actor: Record<string, unknown>;
  data: Record<string, unknown>;
  body: string | null;
  by:
    | { __typename: 'PersonActor'; userId: string; role: string | null; user: { email: string } | null }
    | { __typename: 'SystemActor'; cause: string | null; name: string | null };
  transition: string | null;
  fromState: string | null;
  toState: string | null;
  category: string | null;
  group: string | null;
  priority: string | null;
  previousPriority: string | null;
  fields: Record<string, unknown> | null;
  sla: string | null;
  assignee: { email: string } | null;
  comment: { body: string; visibility: string; author: { email: string } | null } | null;
  signal: string | null;
  source: string | null;
  payload: Record<string, unknown> | null;
  action: string | null;
  reason: string | null;
  message: string | null;
}

describe("a ticket's timeline over GraphQL, by kind", () => {
  let sys: TestSystem;
  let api: TestApi;
  let tokens: Record<'erin' | 'sam' | 'cora' | 'admin', string>;
  let ids: Record<'erin' | 'sam', string>;

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
    tokens = {
      erin: await api.signIn('erin.employee@example.com'),
      sam: await api.signIn('sam.agent@example.com'),
      cora: await api.signIn('cora.coordinator@example.com'),
      admin: await api.signIn('admin@example.com'),
    };
    ids = {
      erin: (await sys.person('erin.employee@example.com')).userId,
      sam: (await sys.person('sam.agent@example.com')).userId,
    };
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  /** Runs a GraphQL operation and fails on any error. */
  async function ok<T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
    const result = await api.gql<T>(query, variables, { token });
    assert.ok(result.data && !result.errors?.length, JSON.stringify(result.errors));
    return result.data;
  }

  it('names each event by kind, tells who caused it, and carries the data of the common kinds typed', async () => {
    const { createTicket } = await ok<{ createTicket: { number: string } }>(
      `mutation { createTicket(input: { process: "it-support", title: "Printer jams", priority: high,
        fields: { category: "hardware" } }) { number } }`,
      {},
      tokens.erin,
    );
    const number = createTicket.number;
    const n = { n: number };
    await ok(
      `mutation ($n: String!, $u: ID) { assignTicket(number: $n, userId: $u) { number } }`,
      { ...n, u: ids.sam },
      tokens.cora,
    );
    await ok(`mutation ($n: String!) { moveTicket(number: $n, toState: "in_progress") { state } }`, n, tokens.sam);
    await ok(
      `mutation ($n: String!) { addComment(number: $n, body: "Which tray?", visibility: public) { number } }`,
      n,
      tokens.sam,
    );
    // The requester may not resolve the ticket: refused, and the refusal is on the timeline.
    const refused = await api.gql(
      `mutation ($n: String!) { moveTicket(number: $n, toState: "resolved", fields: { resolution: "x" }) { state } }`,
      n,
      { token: tokens.erin },
    );
    assert.ok(refused.errors?.length, 'the requester may not resolve');
    await ok(
      `mutation ($n: String!) { moveTicket(number: $n, toState: "waiting_on_requester", fields: { question: "Which tray?" }) { state } }`,
      n,
      tokens.sam,
    );
    // The requester's reply comes by mail: a system's signal, with its API key.
    const { createApiKey } = await ok<{ createApiKey: { secret: string } }>(
      `mutation { createApiKey(input: { name: "timeline-mail", processes: ["it-support"], signals: ["requester.replied"] }) { secret } }`,
      {},
      tokens.admin,
    );
    const key = randomUUID();
    await ok(
      `mutation ($n: String!, $k: String!) { signalTicket(number: $n, signal: "requester.replied", payload: { message: "The lower one." }, idempotencyKey: $k) { effect } }`,
      { ...n, k: key },
      createApiKey.secret,
    );
    await sys.tickets.settle(number);

    const { ticket } = await ok<{ ticket: { timeline: Event[] } }>(TIMELINE, n, tokens.sam);
    const events = ticket.timeline;
    for (const e of events) assert.equal(e.kind, e.type, 'kind names the same kind as type');
    const first = (kind: string, where: (e: Event) => boolean = () => true) => {
      const found = events.find((e) => e.kind === kind && where(e));
      assert.ok(found, `a ${kind} event in ${JSON.stringify(events.map((e) => e.kind))}`);
      return found;
    };

    const created = first('created');
    assert.deepEqual(created.by, {
      __typename: 'PersonActor',
      userId: ids.erin,
      role: 'EMPLOYEE',
      user: { email: 'erin.employee@example.com' },
    });
    assert.equal(created.priority, 'high');
    assert.deepEqual(created.fields, { category: 'hardware' });
    assert.equal(created.transition, null, 'fields of other kinds are null');
    // The deprecated fields read as they did.
    assert.deepEqual(created.actor, { kind: 'person', userId: ids.erin, role: 'EMPLOYEE' });
    assert.equal(created.data.priority, 'high');

    const moved = first('moved', (e) => e.transition === 'start');
    assert.deepEqual(
      [moved.fromState, moved.toState, moved.by.__typename, moved.by.__typename === 'PersonActor' && moved.by.role],
      ['new', 'in_progress', 'PersonActor', 'AGENT'],
    );
    const entered = first('entered', (e) => e.toState === 'in_progress');
    assert.equal(entered.category, 'active');
    assert.equal(entered.seq, moved.seq! + 1, 'entered follows its move');
    assert.equal(first('entered').toState, 'new', 'the first state entered');

    const byHand = first('assigned', (e) => e.by.__typename === 'PersonActor');
    assert.deepEqual(
      [byHand.assignee, byHand.group, byHand.by.__typename === 'PersonActor' && byHand.by.user],
      [{ email: 'sam.agent@example.com' }, 'service-desk', { email: 'cora.coordinator@example.com' }],
    );
    const roundRobin = first('assigned', (e) => e.by.__typename === 'SystemActor');
    assert.deepEqual(roundRobin.by, { __typename: 'SystemActor', cause: 'round_robin', name: null });

    const commented = first('commented');
    assert.deepEqual(commented.comment, {
      body: 'Which tray?',
      visibility: 'public',
      author: { email: 'sam.agent@example.com' },
    });
    assert.equal(commented.body, 'Which tray?');

    const refusal = first('refused');
    assert.equal(refusal.seq, null);
    assert.equal(refusal.action, 'move');
    assert.equal(refusal.reason, 'NOT_ALLOWED');
    assert.ok(refusal.message, 'the refusal says why');
    assert.deepEqual(refusal.by, {
      __typename: 'PersonActor',
      userId: ids.erin,
      role: null,
      user: { email: 'erin.employee@example.com' },
    });
    assert.equal(refusal.data.action, 'move.refused', 'data keeps the audit log action');

    const signal = first('signal_received');
    assert.deepEqual(
      [signal.signal, signal.source, signal.payload, signal.by],
      [
        'requester.replied',
        'timeline-mail',
        { message: 'The lower one.' },
        { __typename: 'SystemActor', cause: 'signal:requester.replied', name: null },
      ],
    );
    // The signal took the ticket back to work: a move by the system.
    const replied = first('moved', (e) => e.transition === 'requester_replied');
    assert.deepEqual([replied.fromState, replied.toState], ['waiting_on_requester', 'in_progress']);
    assert.equal(replied.by.__typename, 'SystemActor');

    const sla = first('sla_started');
    assert.ok(sla.sla === 'first_response' || sla.sla === 'resolution', String(sla.sla));
  });

  it('shows a signal event to the requester without the sender key and with the typed fields', async () => {
    const { createTicket } = await ok<{ createTicket: { number: string } }>(
      `mutation { createTicket(input: { process: "it-support", title: "Monitor", fields: { category: "hardware" } }) { number } }`,
      {},
      tokens.erin,
    );
    const number = createTicket.number;
    await ok(
      `mutation ($n: String!) { moveTicket(number: $n, toState: "in_progress") { state } }`,
      { n: number },
      tokens.sam,
    );
    await ok(
      `mutation ($n: String!) { moveTicket(number: $n, toState: "waiting_on_requester", fields: { question: "Model?" }) { state } }`,
      { n: number },
      tokens.sam,
    );
    await ok(
      `mutation ($n: String!, $k: String!) { signalTicket(number: $n, signal: "requester.replied", payload: { message: "Dell" }, idempotencyKey: $k) { effect } }`,
      { n: number, k: randomUUID() },
      tokens.admin,
    );
    await sys.tickets.settle(number);
    const { ticket } = await ok<{ ticket: { timeline: Event[] } }>(TIMELINE, { n: number }, tokens.erin);
    const signal = ticket.timeline.find((e) => e.kind === 'signal_received');
    assert.ok(signal);
    assert.equal(signal.signal, 'requester.replied');
    assert.equal(signal.source, 'admin:admin@example.com');
    assert.deepEqual(signal.payload, { message: 'Dell' });
    assert.equal(signal.data.key, undefined, 'the sender key is for staff');
  });
});
