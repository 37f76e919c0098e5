// Tickets over GraphQL, end to end on real servers: submit, drop on the board (the transition found
// from the target state), required fields, racing drops, the timeline, filters and pages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { publishDefinition } from '../../platform/processes/processes.js';
import { checkDrop } from '../../api/tickets/board-drop.js';
import type { TicketService } from '../../platform/tickets/service.js';
import type { GraphQLContext } from '../../api/graphql/context.js';
import { AppError } from '../../platform/errors.js';
import { loadSampleProcess } from '../../platform/processes/samples.js';
import type { ProcessDefinition } from '../../workflows/process/definition.js';
import { startTestApi, type TestApi, failsWith } from '../support/api.js';
import { assertReadModelMatchesWorkflow, startTestSystem, type TestSystem } from '../support/system.js';
import { ticketServiceWithoutTemporal } from '../support/unreachable-temporal.js';

const CREATE = `mutation ($i: CreateTicketInput!) { createTicket(input: $i) { number state version assignee { email } } }`;
const MOVE = `mutation ($n: String!, $to: String!, $t: String, $f: JSON, $v: Int) {
  moveTicket(number: $n, toState: $to, transition: $t, fields: $f, expectedVersion: $v) { state version }
}`;
const TIMELINE = `query ($n: String!) { ticket(number: $n) { workflowUrl timeline { seq type body data } } }`;

type Created = { createTicket: { number: string; state: string; version: number } };

describe('tickets over GraphQL', () => {
  let sys: TestSystem;
  let api: TestApi;
  let erin: string;
  let sam: string;
  let cora: string;

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
    erin = await api.signIn('erin.employee@example.com');
    sam = await api.signIn('sam.agent@example.com');
    cora = await api.signIn('cora.coordinator@example.com');
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  const submit = async (title: string, token = erin) => {
    const result = await api.gql<Created>(
      CREATE,
      { i: { process: 'it-support', title, fields: { category: 'hardware' } } },
      { token },
    );
    assert.ok(result.data, JSON.stringify(result.errors));
    return result.data.createTicket;
  };

  it('submits a ticket that is assigned round-robin and readable at once', async () => {
    const created = await api.gql<{ createTicket: { state: string; assignee: { email: string } | null } }>(
      CREATE,
      { i: { process: 'it-support', title: 'Laptop', fields: { category: 'hardware' }, idempotencyKey: 'laptop-1' } },
      { token: erin },
    );
    assert.equal(created.data?.createTicket.state, 'new');
    const again = await api.gql<Created>(
      CREATE,
      { i: { process: 'it-support', title: 'Laptop', fields: { category: 'hardware' }, idempotencyKey: 'laptop-1' } },
      { token: erin },
    );
    assert.equal(
      again.data?.createTicket.number,
      (created.data as unknown as Created).createTicket.number,
      'one ticket per key',
    );
    // Clients send null for what they leave out; the server makes the idempotency key then.
    const withNulls = await api.gql<Created>(
      CREATE,
      {
        i: {
          process: 'it-support',
          title: 'Mouse',
          description: null,
          fields: { category: 'hardware' },
          priority: null,
          idempotencyKey: null,
        },
      },
      { token: erin },
    );
    assert.equal(withNulls.data?.createTicket.state, 'new', JSON.stringify(withNulls.errors));
  });

  it('refuses bad submissions with the fields named', async () => {
    const missing = await api.gql(CREATE, { i: { process: 'it-support', title: 'No category' } }, { token: erin });
    failsWith(missing, 'BAD_USER_INPUT');
    assert.deepEqual(missing.errors![0]!.extensions.fields, ['category']);
    const nul = await api.gql(
      CREATE,
      { i: { process: 'it-support', title: 'a\u0000b', fields: { category: 'hardware' } } },
      { token: erin },
    );
    failsWith(nul, 'BAD_USER_INPUT');
    assert.deepEqual(nul.errors![0]!.extensions.fields, ['title']);
    failsWith(await api.gql(CREATE, { i: { process: 'no-such', title: 'x' } }, { token: erin }), 'NOT_FOUND');
  });

  it('moves a ticket by its target state, asks for required fields, and refuses moves that do not exist', async () => {
    const { number } = await submit('Printer');
    const started = await api.gql<{ moveTicket: { state: string } }>(
      MOVE,
      { n: number, to: 'in_progress' },
      { token: sam },
    );
    assert.equal(started.data?.moveTicket.state, 'in_progress');
    failsWith(
      await api.gql(MOVE, { n: number, to: 'resolved' }, { token: sam }),
      'BAD_USER_INPUT',
      'REQUIRED_FIELD_MISSING',
    );
    failsWith(await api.gql(MOVE, { n: number, to: 'closed' }, { token: sam }), 'INVALID_TRANSITION', 'NOT_FROM_STATE');
    failsWith(await api.gql(MOVE, { n: number, to: 'nowhere' }, { token: sam }), 'BAD_USER_INPUT');
    failsWith(await api.gql(MOVE, { n: number, to: 'withdrawn' }, { token: sam }), 'FORBIDDEN', 'NOT_ALLOWED');
    const resolved = await api.gql<{ moveTicket: { state: string } }>(
      MOVE,
      { n: number, to: 'resolved', f: { resolution: 'New toner.' } },
      { token: sam },
    );
    assert.equal(resolved.data?.moveTicket.state, 'resolved');
  });

  it('answers a retried drop as it did the first time, and goes by the workflow when the read model is out of step', async () => {
    const RETRYABLE = `mutation ($n: String!, $to: String!, $f: JSON, $v: Int, $u: String) {
      moveTicket(number: $n, toState: $to, fields: $f, expectedVersion: $v, updateId: $u) { state version }
    }`;
    const { number } = await submit('Lost answer');
    await sys.tickets.settle(number);
    const read = await api.gql<{ ticket: { version: number } }>(
      'query ($n: String!) { ticket(number: $n) { version } }',
      { n: number },
      { token: sam },
    );
    const version = read.data!.ticket.version;
    const drop = { n: number, to: 'in_progress', v: version, u: `drop-${number}` };
    const first = await api.gql<{ moveTicket: { state: string; version: number } }>(RETRYABLE, drop, { token: sam });
    assert.equal(first.data?.moveTicket.state, 'in_progress', JSON.stringify(first.errors));
    // The answer was lost; the client sends the same drop again: the change it made, not a refusal.
    const again = await api.gql(RETRYABLE, drop, { token: sam });
    assert.deepEqual(
      [again.data, again.errors],
      [first.data, undefined],
      'the same answer, neither stale nor "no transition"',
    );
    const withoutVersion = await api.gql(RETRYABLE, { ...drop, v: null }, { token: sam });
    assert.deepEqual([withoutVersion.data, withoutVersion.errors], [first.data, undefined]);
    // Another drop of the same kind is one the ticket has not taken: refused as before.
    failsWith(
      await api.gql(RETRYABLE, { ...drop, u: `another-${number}` }, { token: sam }),
      'CONFLICT',
      'STALE_VERSION',
    );
    failsWith(
      await api.gql(RETRYABLE, { ...drop, v: null, u: `another-${number}` }, { token: sam }),
      'INVALID_TRANSITION',
      'NOT_FROM_STATE',
    );

    // The read model ran ahead of the workflow (a projection of a task the Temporal server lost): the
    // drop the client sends again is checked against the workflow, goes through, and the row is right.
    await sys.db
      .updateTable('tickets')
      .set((eb) => ({ state: 'waiting_on_requester', category: 'waiting', version: eb('version', '+', 1) }))
      .where('number', '=', number)
      .execute();
    const asked = await api.gql<{ moveTicket: { state: string } }>(
      RETRYABLE,
      { n: number, to: 'waiting_on_requester', f: { question: 'Which printer?' }, u: `ask-${number}` },
      { token: sam },
    );
    assert.equal(asked.data?.moveTicket.state, 'waiting_on_requester', JSON.stringify(asked.errors));
    await assertReadModelMatchesWorkflow(sys, number);
    assert.equal((await sys.tickets.snapshot(number)).state, 'waiting_on_requester');

    // Ahead again, and this time the drop is one the workflow refuses too: refused, and the row mended.
    await sys.db
      .updateTable('tickets')
      .set((eb) => ({ state: 'resolved', category: 'done', version: eb('version', '+', 1) }))
      .where('number', '=', number)
      .execute();
    failsWith(
      await api.gql(RETRYABLE, { n: number, to: 'new', u: `back-${number}` }, { token: sam }),
      'INVALID_TRANSITION',
      'NOT_FROM_STATE',
    );
    await assertReadModelMatchesWorkflow(sys, number);
  });

  it('answers a drop it cannot check with the workflow UNAVAILABLE, never with the read model’s refusal', async () => {
    const { number } = await submit('Checked while Temporal is away');
    await sys.tickets.settle(number);
    const agent = await sys.person('sam.agent@example.com');
    const first = await sys.tickets.move(number, agent, { transition: 'start', updateId: `start-${number}` });
    const row = await sys.db.selectFrom('tickets').selectAll().where('number', '=', number).executeTakeFirstOrThrow();
    const { tickets: unreachable, close } = await ticketServiceWithoutTemporal(sys);
    const via = (tickets: TicketService) => ({ db: sys.db, services: { tickets } }) as unknown as GraphQLContext;
    const unavailable = (error: unknown) => {
      assert.ok(error instanceof AppError, String(error));
      assert.equal(error.code, 'UNAVAILABLE', error.message);
      return true;
    };
    try {
      // The drop sent again after its lost answer: whether it was taken cannot be asked, so try again later.
      const again = { toState: 'in_progress', updateId: `start-${number}` };
      await assert.rejects(checkDrop(via(unreachable), agent, row, again), unavailable);
      // A drop the read model refuses: the workflow's own state cannot be asked either.
      await assert.rejects(checkDrop(via(unreachable), agent, row, { toState: 'new' }), unavailable);
    } finally {
      await close();
    }
    // Temporal answers again: the retried drop gets its first answer; or, when the run that took it has
    // continued as new meanwhile, the ticket as it is now: the same version, with what follow-ups filled
    // in since (the SLA deadline the calendar activity computed).
    const retried = await checkDrop(via(sys.tickets), agent, row, {
      toState: 'in_progress',
      updateId: `start-${number}`,
    });
    const withoutDeadlines = (ticket: typeof first) => ({
      ...ticket,
      slas: Object.fromEntries(Object.entries(ticket.slas).map(([key, clock]) => [key, { ...clock, deadline: null }])),
    });
    assert.ok(retried && 'answer' in retried && retried.answer, 'the retried drop is answered');
    assert.deepEqual(withoutDeadlines(retried.answer), withoutDeadlines(first));
  });

  it('answers a change with the ticket exactly as a read afterwards finds it', async () => {
    const { number } = await submit('Answered');
    await sys.tickets.settle(number);
    const FIELDS = `number state category priority group assignee { email } fields slas version
      transitions { key } createdAt updatedAt projectionError`;
    const read = async () =>
      (
        await api.gql<{ ticket: Record<string, unknown> }>(
          `query ($n: String!) { ticket(number: $n) { ${FIELDS} } }`,
          {
            n: number,
          },
          { token: sam },
        )
      ).data!.ticket;
    // What follow-ups landing right after a change may move on: an SLA deadline the calendar activity
    // computed, the time of a notification recorded. Everything else must be as answered.
    const settledPart = (t: Record<string, unknown>) => ({
      ...t,
      updatedAt: undefined,
      slas: Object.fromEntries(
        Object.entries(t.slas as Record<string, object>).map(([key, clock]) => [
          key,
          { ...clock, deadline: undefined },
        ]),
      ),
    });
    const before = await read();
    const moved = await api.gql<{ moveTicket: Record<string, unknown> }>(
      `mutation ($n: String!) { moveTicket(number: $n, toState: "in_progress") { ${FIELDS} } }`,
      { n: number },
      { token: sam },
    );
    assert.ok(moved.data, JSON.stringify(moved.errors));
    assert.deepEqual(settledPart(moved.data.moveTicket), settledPart(await read()));
    assert.notEqual(moved.data.moveTicket.updatedAt, before.updatedAt);
    const urgent = await api.gql<{ setTicketPriority: Record<string, unknown> }>(
      `mutation ($n: String!) { setTicketPriority(number: $n, priority: urgent) { ${FIELDS} } }`,
      { n: number },
      { token: cora },
    );
    assert.ok(urgent.data, JSON.stringify(urgent.errors));
    assert.equal(urgent.data.setTicketPriority.priority, 'urgent');
    assert.deepEqual(settledPart(urgent.data.setTicketPriority), settledPart(await read()));
    // A change of assignee (who may see the ticket follows it) answers from the row read again.
    const given = await api.gql<{ assignTicket: Record<string, unknown> }>(
      `mutation ($n: String!) { assignTicket(number: $n, userId: null) { ${FIELDS} } }`,
      { n: number },
      { token: cora },
    );
    assert.ok(given.data, JSON.stringify(given.errors));
    assert.equal(given.data.assignTicket.assignee, null);
    assert.deepEqual(settledPart(given.data.assignTicket), settledPart(await read()));
  });

  it('asks which transition when two lead to the dropped-on state', async () => {
    const def = structuredClone(loadSampleProcess('it-support')) as ProcessDefinition;
    def.transitions.push({
      key: 'fast_close',
      label: 'Close at once',
      from: ['in_progress'],
      to: 'closed',
      by: ['AGENT'],
    });
    def.transitions.push({
      key: 'close_duplicate',
      label: 'Duplicate',
      from: ['in_progress'],
      to: 'closed',
      by: ['AGENT'],
    });
    await publishDefinition(sys.db, def, 'test');
    const { number } = await submit('Two ways out');
    await api.gql(MOVE, { n: number, to: 'in_progress' }, { token: sam });
    const ambiguous = await api.gql(MOVE, { n: number, to: 'closed' }, { token: sam });
    failsWith(ambiguous, 'BAD_USER_INPUT');
    assert.deepEqual(ambiguous.errors![0]!.extensions.fields, ['transition']);
    failsWith(
      await api.gql(MOVE, { n: number, to: 'closed', t: 'resolve' }, { token: sam }),
      'INVALID_TRANSITION',
      'UNKNOWN_TRANSITION',
    );
    const closed = await api.gql<{ moveTicket: { state: string } }>(
      MOVE,
      { n: number, to: 'closed', t: 'close_duplicate' },
      { token: sam },
    );
    assert.equal(closed.data?.moveTicket.state, 'closed');
  });

  it('lets one of two racing drops win; the other gets CONFLICT and the timeline shows both', async () => {
    const { number } = await submit('Race');
    await sys.tickets.settle(number); // its round-robin assignment is a change too
    const { data } = await api.gql<{ ticket: { version: number } }>(
      'query ($n: String!) { ticket(number: $n) { version } }',
      { n: number },
      { token: sam },
    );
    const version = data!.ticket.version;
    const [a, b] = await Promise.all([
      api.gql(MOVE, { n: number, to: 'in_progress', v: version }, { token: sam }),
      api.gql(MOVE, { n: number, to: 'in_progress', v: version }, { token: cora }),
    ]);
    const lost = [a, b].filter((r) => r.errors?.length);
    assert.equal(lost.length, 1, JSON.stringify([a, b]));
    failsWith(lost[0]!, 'CONFLICT', 'STALE_VERSION');
    // The same stale drop made later, once the ticket is in its target state: still the stale version first.
    const late = await api.gql(MOVE, { n: number, to: 'in_progress', v: version }, { token: sam });
    failsWith(late, 'CONFLICT', 'STALE_VERSION');
    const timeline = await api.gql<{
      ticket: { timeline: { type: string; data: { transition?: string; reason?: string } }[] };
    }>(TIMELINE, { n: number }, { token: cora });
    const events = timeline.data!.ticket.timeline;
    assert.equal(events.filter((e) => e.type === 'moved' && e.data.transition === 'start').length, 1);
    assert.equal(events.filter((e) => e.type === 'refused' && e.data.reason === 'STALE_VERSION').length, 2);
  });

  it('shows internal notes and the workflow link to staff only', async () => {
    const { number } = await submit('Notes');
    await api.gql(
      'mutation ($n: String!) { addComment(number: $n, body: "Reboot first?") { number } }',
      { n: number },
      { token: sam },
    );
    await api.gql(
      'mutation ($n: String!) { addComment(number: $n, body: "Known driver issue", visibility: internal) { number } }',
      { n: number },
      { token: sam },
    );
    failsWith(
      await api.gql(
        'mutation ($n: String!) { addComment(number: $n, body: "x", visibility: internal) { number } }',
        { n: number },
        { token: erin },
      ),
      'FORBIDDEN',
      'NOT_ALLOWED',
    );
    type Timeline = { ticket: { workflowUrl: string | null; timeline: { type: string; body: string | null }[] } };
    const staff = (await api.gql<Timeline>(TIMELINE, { n: number }, { token: sam })).data!.ticket;
    const requester = (await api.gql<Timeline>(TIMELINE, { n: number }, { token: erin })).data!.ticket;
    const bodies = (t: Timeline['ticket']) => t.timeline.filter((e) => e.type === 'commented').map((e) => e.body);
    assert.deepEqual(bodies(staff), ['Reboot first?', 'Known driver issue']);
    assert.deepEqual(bodies(requester), ['Reboot first?']);
    assert.match(staff.workflowUrl ?? '', new RegExp(`/workflows/${number}$`));
    assert.equal(requester.workflowUrl, null);
  });

  it('filters and pages the tickets one may see', async () => {
    const eli = await api.signIn('eli.employee@example.com');
    for (const title of ['Page one', 'Page two', 'Page three']) await submit(title, eli);
    type Page = {
      tickets: {
        totalCount: number;
        nodes: { title: string }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
    const PAGE = `query ($f: TicketFilter, $after: String) {
      tickets(filter: $f, first: 2, after: $after) { totalCount nodes { title } pageInfo { hasNextPage endCursor } }
    }`;
    const first = (await api.gql<Page>(PAGE, { f: { text: 'page' } }, { token: eli })).data!.tickets;
    assert.equal(first.totalCount, 3);
    assert.deepEqual(
      first.nodes.map((n) => n.title),
      ['Page three', 'Page two'],
    );
    assert.equal(first.pageInfo.hasNextPage, true);
    const second = (await api.gql<Page>(PAGE, { f: { text: 'page' }, after: first.pageInfo.endCursor }, { token: eli }))
      .data!.tickets;
    assert.deepEqual(
      second.nodes.map((n) => n.title),
      ['Page one'],
    );
    assert.equal(second.pageInfo.hasNextPage, false);
    // Erin sees none of Eli's tickets; the service desk's agent sees them all.
    assert.equal((await api.gql<Page>(PAGE, { f: { text: 'page' } }, { token: erin })).data!.tickets.totalCount, 0);
    assert.equal((await api.gql<Page>(PAGE, { f: { text: 'page' } }, { token: sam })).data!.tickets.totalCount, 3);
    failsWith(await api.gql(PAGE, { after: 'not-a-cursor' }, { token: sam }), 'BAD_USER_INPUT');
    failsWith(await api.gql(PAGE, { f: { priority: 'extreme' } }, { token: sam }), 'BAD_USER_INPUT');
  });
  it('filters by SLA clocks at risk or breached, any clock of the ticket', async () => {
    const [calm, risky, late] = await Promise.all(['SLA calm', 'SLA risky', 'SLA late'].map((title) => submit(title)));
    for (const ticket of [calm!, risky!, late!]) await sys.tickets.settle(ticket.number);
    const clock = (flags: { atRisk?: boolean; breached?: boolean }) => ({
      status: 'running',
      deadline: Date.now() + 3_600_000,
      atRisk: false,
      breached: false,
      ...flags,
    });
    // The read model is what lists filter: its clocks set as a projection would have them.
    const setClocks = (number: string, slas: Record<string, unknown>) =>
      sys.db
        .updateTable('tickets')
        .set({ slas: JSON.stringify(slas) })
        .where('number', '=', number)
        .execute();
    await setClocks(calm!.number, { first_response: clock({}), resolution: clock({}) });
    await setClocks(risky!.number, { first_response: clock({}), resolution: clock({ atRisk: true }) });
    await setClocks(late!.number, { first_response: clock({ atRisk: true, breached: true }), resolution: clock({}) });
    const LIST = `query ($f: TicketFilter) { tickets(filter: $f) { totalCount nodes { number } } }`;
    type List = { tickets: { totalCount: number; nodes: { number: string }[] } };
    const numbers = async (filter: Record<string, unknown>) => {
      const result = await api.gql<List>(LIST, { f: { text: 'SLA', ...filter } }, { token: sam });
      assert.ok(result.data, JSON.stringify(result.errors));
      assert.equal(result.data.tickets.totalCount, result.data.tickets.nodes.length);
      return result.data.tickets.nodes.map((n) => n.number).sort();
    };
    assert.deepEqual(await numbers({ sla: 'AT_RISK' }), [risky!.number, late!.number].sort());
    assert.deepEqual(await numbers({ sla: 'BREACHED' }), [late!.number]);
    assert.deepEqual(await numbers({}), [calm!.number, risky!.number, late!.number].sort());
    failsWith(await api.gql(LIST, { f: { sla: 'SOON' } }, { token: sam }), 'BAD_USER_INPUT');
  });
});

describe("a ticket's page over GraphQL", () => {
  let sys: TestSystem;
  let api: TestApi;
  let erin: string;
  let sam: string;

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
    erin = await api.signIn('erin.employee@example.com');
    sam = await api.signIn('sam.agent@example.com');
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  const PAGE = `query ($n: String!) { ticket(number: $n) {
    description requester { name email user { email } } fieldValues fields
    comments { body visibility author { email } }
  } }`;
  type Page = {
    ticket: {
      description: string | null;
      requester: { name: string; email: string; user: { email: string } | null };
      fieldValues: Record<string, unknown>;
      fields: Record<string, unknown>;
      comments: { body: string; visibility: string; author: { email: string } | null }[];
    };
  };

  it('shows the description, the requester, long texts as text, and comments as the viewer may read them', async () => {
    const created = await api.gql<Created>(
      CREATE,
      {
        i: {
          process: 'it-support',
          title: 'Screen flickers',
          description: 'Since Monday, <b>every</b> morning.',
          fields: { category: 'hardware' },
        },
      },
      { token: erin },
    );
    const number = created.data!.createTicket.number;
    for (const [step, fields] of [
      ['in_progress', undefined],
      ['waiting_on_requester', { question: 'Which cable do you use?' }],
    ] as const) {
      const moved = await api.gql(MOVE, { n: number, to: step, f: fields }, { token: sam });
      assert.equal(moved.errors, undefined, JSON.stringify(moved.errors));
    }
    const COMMENT = `mutation ($n: String!, $b: String!, $v: CommentVisibility) {
      addComment(number: $n, body: $b, visibility: $v) { number } }`;
    await api.gql(COMMENT, { n: number, b: 'Tried another cable?', v: 'public' }, { token: sam });
    await api.gql(COMMENT, { n: number, b: 'Probably the dock.', v: 'internal' }, { token: sam });
    await api.gql(COMMENT, { n: number, b: 'The grey one.', v: 'public' }, { token: erin });

    const asStaff = (await api.gql<Page>(PAGE, { n: number }, { token: sam })).data!.ticket;
    assert.equal(asStaff.description, 'Since Monday, <b>every</b> morning.');
    assert.deepEqual(asStaff.requester, {
      name: asStaff.requester.name,
      email: 'erin.employee@example.com',
      user: { email: 'erin.employee@example.com' },
    });
    assert.equal(asStaff.fieldValues.question, 'Which cable do you use?');
    assert.equal(asStaff.fieldValues.category, 'hardware');
    assert.equal(typeof (asStaff.fields.question as { text: string }).text, 'string', 'fields keeps the text id');
    assert.deepEqual(
      asStaff.comments.map((c) => [c.body, c.visibility, c.author?.email]),
      [
        ['Tried another cable?', 'public', 'sam.agent@example.com'],
        ['Probably the dock.', 'internal', 'sam.agent@example.com'],
        ['The grey one.', 'public', 'erin.employee@example.com'],
      ],
    );

    const asRequester = (await api.gql<Page>(PAGE, { n: number }, { token: erin })).data!.ticket;
    assert.deepEqual(
      asRequester.comments.map((c) => c.body),
      ['Tried another cable?', 'The grey one.'],
      'no internal note for the requester',
    );
    assert.equal(asRequester.fieldValues.question, 'Which cable do you use?');
  });
});
