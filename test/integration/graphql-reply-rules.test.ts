// What a comment sent through GraphQL addComment does to an it-support ticket, on real servers: the
// requester's reply while the ticket waits on them takes it back to work (the timeline names the
// reply), staff's first public reply stops the first response clock while an internal note does not,
// and a comment that is refused, or that no rule names, moves nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { failsWith, startTestApi, type TestApi } from '../support/api.js';
import { startTestSystem, ticketRowWhen, type TestSystem } from '../support/system.js';

const CREATE = `mutation { createTicket(input: { process: "it-support", title: "VPN drops", fields: { category: "network" } }) { number } }`;
const MOVE = `mutation ($n: String!, $to: String!, $f: JSON) { moveTicket(number: $n, toState: $to, fields: $f) { state } }`;
const COMMENT = `mutation ($n: String!, $b: String!, $v: CommentVisibility) {
  addComment(number: $n, body: $b, visibility: $v) { state version }
}`;
const TICKET = `query ($n: String!) {
  ticket(number: $n) {
    state version slas
    comments { id body visibility }
    timeline { seq kind data transition fromState toState sla by { __typename ... on PersonActor { user { email } } } }
  }
}`;

interface Ticket {
  state: string;
  version: number;
  slas: Record<string, { status: string }>;
  comments: { id: string; body: string; visibility: string }[];
  timeline: {
    seq: number | null;
    kind: string;
    data: Record<string, unknown>;
    transition: string | null;
    fromState: string | null;
    toState: string | null;
    sla: string | null;
    by: { __typename: string; user?: { email: string } | null };
  }[];
}

describe('replies through addComment move the ticket on and stop the first response clock', () => {
  let sys: TestSystem;
  let api: TestApi;
  const tokens: Record<string, string> = {};

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
    // erin asks; sam and sara work in service-desk, where it-support tickets go.
    for (const name of ['erin.employee', 'sam.agent', 'sara.agent'])
      tokens[name] = await api.signIn(`${name}@example.com`);
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  async function ok<T>(query: string, variables: Record<string, unknown>, who: string): Promise<T> {
    const result = await api.gql<T>(query, variables, { token: tokens[who] });
    assert.ok(result.data && !result.errors?.length, JSON.stringify(result.errors));
    return result.data;
  }
  const ticket = async (n: string) => (await ok<{ ticket: Ticket }>(TICKET, { n }, 'sam.agent')).ticket;
  const comment = (n: string, body: string, visibility: 'public' | 'internal', who: string) =>
    ok<{ addComment: { state: string; version: number } }>(COMMENT, { n, b: body, v: visibility }, who);

  /** A new it-support ticket of erin's, assigned by round robin. */
  async function created(): Promise<string> {
    const { createTicket } = await ok<{ createTicket: { number: string } }>(CREATE, {}, 'erin.employee');
    await ticketRowWhen(sys, createTicket.number, (r) => r.assignee_id !== null, 20_000, 'assignment');
    return createTicket.number;
  }

  it("stops the first response clock on staff's first public reply, not on an internal note or the requester's comment", async () => {
    const n = await created();
    assert.equal((await ticket(n)).slas.first_response?.status, 'running');

    await comment(n, 'Checking the logs first.', 'internal', 'sam.agent');
    await comment(n, 'It drops every hour.', 'public', 'erin.employee');
    let t = await ticket(n);
    assert.equal(t.slas.first_response?.status, 'running', 'a note and the requester leave it running');
    assert.equal(t.timeline.filter((e) => e.kind === 'sla_stopped').length, 0);

    await comment(n, 'We are on it.', 'public', 'sam.agent');
    t = await ticket(n);
    assert.equal(t.slas.first_response?.status, 'stopped');
    assert.equal(t.state, 'new', 'a reply is no move');
    const reply = t.comments.find((c) => c.body === 'We are on it.')!;
    const stopped = t.timeline.filter((e) => e.kind === 'sla_stopped');
    assert.deepEqual(
      stopped.map((e) => [e.sla, e.data.reply]),
      [['first_response', reply.id]],
      'stopped once, by that reply',
    );
    const commented = t.timeline.find((e) => e.kind === 'commented' && e.data.commentId === reply.id)!;
    assert.equal(stopped[0]!.seq, commented.seq! + 1, 'right after the reply');

    // A second reply finds it stopped.
    await comment(n, 'Still on it.', 'public', 'sara.agent');
    assert.equal((await ticket(n)).timeline.filter((e) => e.kind === 'sla_stopped').length, 1);
  });

  it("takes the ticket back to work on the requester's reply while it waits on them", async () => {
    const n = await created();
    await ok(MOVE, { n, to: 'in_progress' }, 'sam.agent');
    // A reply in progress moves nothing.
    assert.equal((await comment(n, 'Any news?', 'public', 'erin.employee')).addComment.state, 'in_progress');
    await ok(MOVE, { n, to: 'waiting_on_requester', f: { question: 'Which office?' } }, 'sam.agent');
    // Nor does staff's own reply while waiting.
    assert.equal(
      (await comment(n, 'Reminder: which office?', 'public', 'sam.agent')).addComment.state,
      'waiting_on_requester',
    );

    const before = await ticket(n);
    const answered = await comment(n, 'Berlin, third floor.', 'public', 'erin.employee');
    assert.equal(answered.addComment.state, 'in_progress', 'the answer shows the move');
    assert.equal(answered.addComment.version, before.version + 1);

    const t = await ticket(n);
    const reply = t.comments.find((c) => c.body === 'Berlin, third floor.')!;
    const commented = t.timeline.find((e) => e.kind === 'commented' && e.data.commentId === reply.id)!;
    const moved = t.timeline.find((e) => e.seq === commented.seq! + 1)!;
    assert.deepEqual(
      [moved.kind, moved.transition, moved.fromState, moved.toState, moved.data.reply],
      ['moved', 'requester_replied', 'waiting_on_requester', 'in_progress', reply.id],
    );
    assert.deepEqual(moved.by, { __typename: 'PersonActor', user: { email: 'erin.employee@example.com' } });
    const entered = t.timeline.find((e) => e.seq === moved.seq! + 1)!;
    assert.deepEqual([entered.kind, entered.toState], ['entered', 'in_progress']);
    // The resolution clock resumes, as on a move by hand.
    assert.equal(t.slas.resolution?.status, 'running');
  });

  it("refuses the requester's internal note with a typed error and changes nothing", async () => {
    const n = await created();
    await ok(MOVE, { n, to: 'in_progress' }, 'sam.agent');
    await ok(MOVE, { n, to: 'waiting_on_requester', f: { question: 'Which laptop?' } }, 'sam.agent');
    // Notifications run beside the process: once they are recorded, nothing else comes.
    await sys.tickets.settle(n);
    const before = await ticket(n);

    const refused = await api.gql(
      COMMENT,
      { n, b: 'The grey one.', v: 'internal' },
      { token: tokens['erin.employee'] },
    );
    const error = failsWith(refused, 'FORBIDDEN');
    assert.doesNotMatch(error.message, /NOT_ALLOWED|internal_|[a-z]+_[a-z]+/, 'in words, not keys');

    await sys.tickets.settle(n);
    const after = await ticket(n);
    assert.equal(after.state, 'waiting_on_requester');
    assert.equal(after.version, before.version);
    assert.deepEqual(after.comments, before.comments, 'no comment stored');
    assert.deepEqual(
      after.timeline.filter((e) => e.seq !== null),
      before.timeline.filter((e) => e.seq !== null),
      'no event but the refusal',
    );
  });
});
