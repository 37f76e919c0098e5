// Staff work the tickets of their groups, over GraphQL on real servers: an agent or coordinator who asked
// for a ticket of another group sees it (their own request) but acts on it as its requester only; the
// ticket engine decides, the API passes who is asking with their groups. Assignees must work in the
// ticket's group.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { failsWith, startTestApi, type TestApi } from '../support/api.js';
import { startTestSystem, ticketRowWhen, type TestSystem } from '../support/system.js';

const CREATE = `mutation ($i: CreateTicketInput!) { createTicket(input: $i) { number group } }`;
const CLAIM = `mutation ($n: String!) { claimTicket(number: $n) { assignee { email } } }`;
const ASSIGN = `mutation ($n: String!, $u: ID) { assignTicket(number: $n, userId: $u) { assignee { email } } }`;
const MOVE = `mutation ($n: String!, $to: String!) { moveTicket(number: $n, toState: $to) { state } }`;
const PRIORITY = `mutation ($n: String!) { setTicketPriority(number: $n, priority: urgent) { priority } }`;
const COMMENT = `mutation ($n: String!, $b: String!, $v: CommentVisibility) {
  addComment(number: $n, body: $b, visibility: $v) { number }
}`;
const TICKET = `query ($n: String!) {
  ticket(number: $n) { state priority assignee { email } timeline { type body data } comments { body } }
}`;

type Ticket = {
  state: string;
  priority: string;
  assignee: { email: string } | null;
  timeline: { type: string; body: string | null; data: Record<string, unknown> }[];
  comments: { body: string }[];
};

describe('staff work the tickets of their groups', () => {
  let sys: TestSystem;
  let api: TestApi;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
    // erik and carl work in engineering; sam, sara and cora in service-desk, where it-support tickets go.
    for (const name of ['erik.engineer', 'carl.coordinator', 'sam.agent', 'sara.agent', 'cora.coordinator', 'admin']) {
      tokens[name] = await api.signIn(`${name}@example.com`);
      ids[name] = (await sys.person(`${name}@example.com`)).userId;
    }
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  /** An it-support ticket (service-desk) that `who` asks for, once its round-robin assignment is done. */
  const askedBy = async (who: string, title: string) => {
    const created = await api.gql<{ createTicket: { number: string; group: string } }>(
      CREATE,
      { i: { process: 'it-support', title, fields: { category: 'hardware' } } },
      { token: tokens[who] },
    );
    assert.equal(created.data?.createTicket.group, 'service-desk', JSON.stringify(created.errors));
    const { number } = created.data.createTicket;
    await ticketRowWhen(sys, number, (r) => r.assignee_id !== null, 20_000, 'assignment');
    return number;
  };
  const read = async (number: string, who: string) =>
    (await api.gql<{ ticket: Ticket }>(TICKET, { n: number }, { token: tokens[who] })).data!.ticket;

  it('lets an agent of another group who asked for a ticket act on it as its requester only', async () => {
    const number = await askedBy('erik.engineer', 'Monitor flickers');
    const before = await read(number, 'erik.engineer');
    assert.ok(before, 'erik sees his own request');

    failsWith(await api.gql(CLAIM, { n: number }, { token: tokens['erik.engineer'] }), 'FORBIDDEN', 'NOT_ALLOWED');
    failsWith(
      await api.gql(MOVE, { n: number, to: 'in_progress' }, { token: tokens['erik.engineer'] }),
      'FORBIDDEN',
      'NOT_ALLOWED',
    );
    failsWith(
      await api.gql(COMMENT, { n: number, b: 'Engineering note', v: 'internal' }, { token: tokens['erik.engineer'] }),
      'FORBIDDEN',
      'NOT_ALLOWED',
    );
    const after = await read(number, 'erik.engineer');
    assert.deepEqual([after.state, after.assignee], [before.state, before.assignee], 'nothing changed');
    const ticketId = (await sys.tickets.get(number)).id;
    const comments = await sys.db.selectFrom('comments').select('body').where('ticket_id', '=', ticketId).execute();
    assert.deepEqual(comments, [], 'the refused internal comment left nothing behind');

    // As the requester: a public comment, and (below) withdrawing it.
    assert.ok(
      (await api.gql(COMMENT, { n: number, b: 'Still flickering', v: 'public' }, { token: tokens['erik.engineer'] }))
        .data,
    );
    // An agent of the ticket's group works it.
    const claimed = await api.gql<{ claimTicket: { assignee: { email: string } } }>(
      CLAIM,
      { n: number },
      { token: tokens['sam.agent'] },
    );
    assert.equal(claimed.data?.claimTicket.assignee.email, 'sam.agent@example.com', JSON.stringify(claimed.errors));
    const moved = await api.gql<{ moveTicket: { state: string } }>(
      MOVE,
      { n: number, to: 'in_progress' },
      { token: tokens['sam.agent'] },
    );
    assert.equal(moved.data?.moveTicket.state, 'in_progress', JSON.stringify(moved.errors));
    assert.ok(
      (await api.gql(COMMENT, { n: number, b: 'Cable is loose', v: 'internal' }, { token: tokens['sam.agent'] })).data,
    );

    // Erik reads it as its requester: no internal note, and of the refused changes only his own.
    const asRequester = await read(number, 'erik.engineer');
    const bodies = asRequester.timeline.filter((e) => e.type === 'commented').map((e) => e.body);
    assert.deepEqual(bodies, ['Still flickering']);
    assert.deepEqual(
      asRequester.comments.map((c) => c.body),
      ['Still flickering'],
    );
    assert.equal(asRequester.timeline.filter((e) => e.type === 'refused').length, 3);
    const asStaff = await read(number, 'sam.agent');
    assert.deepEqual(
      asStaff.timeline.filter((e) => e.type === 'commented').map((e) => e.body),
      ['Still flickering', 'Cable is loose'],
    );
    assert.deepEqual(
      asStaff.comments.map((c) => c.body),
      ['Still flickering', 'Cable is loose'],
    );

    const withdrawn = await api.gql<{ moveTicket: { state: string } }>(
      MOVE,
      { n: number, to: 'withdrawn' },
      { token: tokens['erik.engineer'] },
    );
    assert.equal(withdrawn.data?.moveTicket.state, 'withdrawn', JSON.stringify(withdrawn.errors));
  });

  it('lets a coordinator of another group neither assign nor prioritise their own request', async () => {
    const number = await askedBy('carl.coordinator', 'Docking station');
    failsWith(
      await api.gql(PRIORITY, { n: number }, { token: tokens['carl.coordinator'] }),
      'FORBIDDEN',
      'NOT_ALLOWED',
    );
    failsWith(
      await api.gql(ASSIGN, { n: number, u: ids['erik.engineer'] }, { token: tokens['carl.coordinator'] }),
      'FORBIDDEN',
      'NOT_ALLOWED',
    );
    const urgent = await api.gql<{ setTicketPriority: { priority: string } }>(
      PRIORITY,
      { n: number },
      { token: tokens['cora.coordinator'] },
    );
    assert.equal(urgent.data?.setTicketPriority.priority, 'urgent', JSON.stringify(urgent.errors));
  });

  it('assigns only people who work in the ticket group, or admins', async () => {
    const number = await askedBy('sam.agent', 'Keyboard');
    const assignee = async () => (await read(number, 'cora.coordinator')).assignee;
    const was = await assignee();
    for (const token of [tokens['cora.coordinator'], tokens.admin]) {
      const outside = failsWith(
        await api.gql(ASSIGN, { n: number, u: ids['erik.engineer'] }, { token }),
        'BAD_USER_INPUT',
        'INVALID_FIELD',
      );
      assert.deepEqual(outside.extensions.fields, ['userId']);
    }
    const unknown = failsWith(
      await api.gql(
        ASSIGN,
        { n: number, u: '00000000-0000-4000-8000-000000000000' },
        { token: tokens['cora.coordinator'] },
      ),
      'BAD_USER_INPUT',
    );
    assert.deepEqual(unknown.extensions.fields, ['userId']);
    assert.deepEqual(await assignee(), was, 'nothing changed');
    for (const [who, email] of [
      ['sara.agent', 'sara.agent@example.com'],
      ['admin', 'admin@example.com'],
    ] as const) {
      const assigned = await api.gql<{ assignTicket: { assignee: { email: string } } }>(
        ASSIGN,
        { n: number, u: ids[who] },
        { token: tokens['cora.coordinator'] },
      );
      assert.equal(assigned.data?.assignTicket.assignee.email, email, JSON.stringify(assigned.errors));
    }
  });

  it('hands a ticket to another group whose members then work it, and its old group no longer', async () => {
    const number = await askedBy('sam.agent', 'Oscilloscope');
    const cora = await sys.person('cora.coordinator@example.com');
    const sam = await sys.person('sam.agent@example.com');
    const erik = await sys.person('erik.engineer@example.com');
    await assert.rejects(
      sys.tickets.reassign(number, cora, { userId: sam.userId, group: 'engineering' }),
      (error: Error & { details?: { reason?: string } }) => error.details?.reason === 'INVALID_FIELD',
    );
    await assert.rejects(
      sys.tickets.reassign(number, sam, { userId: sam.userId, group: 'engineering' }),
      (error: Error & { details?: { reason?: string } }) => error.details?.reason === 'NOT_ALLOWED',
    );
    const handed = await sys.tickets.reassign(number, cora, { userId: erik.userId, group: 'engineering' });
    assert.deepEqual([handed.group, handed.assignee], ['engineering', erik.userId]);
    // Sam asked for it, so he still sees it, now as its requester.
    failsWith(await api.gql(MOVE, { n: number, to: 'in_progress' }, { token: tokens['sam.agent'] }), 'FORBIDDEN');
    const moved = await api.gql<{ moveTicket: { state: string } }>(
      MOVE,
      { n: number, to: 'in_progress' },
      { token: tokens['erik.engineer'] },
    );
    assert.equal(moved.data?.moveTicket.state, 'in_progress', JSON.stringify(moved.errors));
  });
});
