// @mentions end to end: an internal note that mentions staff by `@local-part` or `@email` notifies each
// of them who may read it in their notification centre (through the ticket workflow's notify effect,
// patch mention-notifications), and its `mentions` say whom; a mention of anyone else (an employee,
// staff of another group, nobody, the author) notifies nobody and is no error; a public reply mentions
// nobody; a refused note stores nothing and notifies nobody; the requester's timeline says nothing of it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { failsWith, startTestApi, type TestApi } from '../support/api.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const CREATE = `mutation ($t: String!) { createTicket(input: { process: "it-support", title: $t, fields: { category: "hardware" } }) { number } }`;
const COMMENT = `mutation ($n: String!, $b: String!, $v: CommentVisibility) {
  addComment(number: $n, body: $b, visibility: $v) { comments { body visibility mentions { email } } }
}`;
const COMMENTS = `query ($n: String!) { ticket(number: $n) { comments { body mentions { email } } timeline { type data } } }`;
const NOTIFICATIONS = `{ notifications(first: 50) { nodes { ticketNumber subject body event } } }`;

type Comments = { body: string; visibility: string; mentions: { email: string }[] }[];
type Notice = { ticketNumber: string; subject: string; body: string; event: string };

describe('@mentions in internal notes', () => {
  let sys: TestSystem;
  let api: TestApi;
  const tokens: Record<string, string> = {};
  let number: string;

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
    for (const email of [
      'erin.employee@example.com',
      'sam.agent@example.com',
      'cora.coordinator@example.com',
      'erik.engineer@example.com',
      'admin@example.com',
    ])
      tokens[email.split('@')[0]!.split('.')[0]!] = await api.signIn(email);
    const created = await api.gql<{ createTicket: { number: string } }>(CREATE, { t: 'Dock' }, { token: tokens.erin });
    assert.ok(created.data, JSON.stringify(created.errors));
    number = created.data.createTicket.number;
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  const notices = async (who: string) => {
    const result = await api.gql<{ notifications: { nodes: Notice[] } }>(NOTIFICATIONS, {}, { token: tokens[who] });
    assert.ok(result.data, JSON.stringify(result.errors));
    return result.data.notifications.nodes.filter((n) => n.ticketNumber === number && n.event === 'mentioned');
  };
  const comment = async (who: string, body: string, visibility: string) => {
    const result = await api.gql<{ addComment: { comments: Comments } }>(
      COMMENT,
      { n: number, b: body, v: visibility },
      { token: tokens[who] },
    );
    return result;
  };

  it('notifies the staff an internal note mentions who may read it, and says whom', { timeout: 120_000 }, async () => {
    const body =
      'Dock again. @cora.coordinator, can you approve? @admin@example.com FYI. ' +
      '(Not @erik.engineer of engineering, not @erin.employee, not @nobody.here, not me @sam.agent; ' +
      'mail erin.employee@example.com.)';
    const result = await comment('sam', body, 'internal');
    assert.ok(result.data, JSON.stringify(result.errors));
    const note = result.data.addComment.comments.find((c) => c.body === body)!;
    assert.deepEqual(
      note.mentions.map((m) => m.email),
      ['admin@example.com', 'cora.coordinator@example.com'],
    );

    await sys.tickets.settle(number);
    for (const who of ['cora', 'admin']) {
      const got = await notices(who);
      assert.equal(got.length, 1, `${who}: ${JSON.stringify(got)}`);
      assert.match(got[0]!.subject, new RegExp(`\\[${number}\\] Sam Agent mentioned you`));
      assert.match(got[0]!.body, new RegExp(`Sam Agent mentioned you on ${number} in an internal note`));
    }
    for (const who of ['erik', 'erin', 'sam']) assert.deepEqual(await notices(who), [], who);

    // Staff see how the notice went; the requester sees neither the note nor that anyone was told of it.
    const asStaff = await api.gql<{ ticket: { timeline: { type: string; data: { event?: string } }[] } }>(
      COMMENTS,
      { n: number },
      { token: tokens.cora },
    );
    assert.ok(
      asStaff.data?.ticket.timeline.some((e) => e.type === 'notified' && e.data.event === 'mentioned'),
      JSON.stringify(asStaff),
    );
    const asRequester = await api.gql<{
      ticket: { comments: Comments; timeline: { type: string; data: { event?: string } }[] };
    }>(COMMENTS, { n: number }, { token: tokens.erin });
    assert.ok(asRequester.data, JSON.stringify(asRequester.errors));
    assert.ok(!asRequester.data.ticket.comments.some((c) => c.body === body));
    assert.ok(!asRequester.data.ticket.timeline.some((e) => e.type === 'notified' && e.data.event === 'mentioned'));
  });

  it('mentions nobody in a public reply', { timeout: 60_000 }, async () => {
    const result = await comment('sam', '@cora.coordinator will call you back.', 'public');
    assert.ok(result.data, JSON.stringify(result.errors));
    const reply = result.data.addComment.comments.find((c) => c.body === '@cora.coordinator will call you back.')!;
    assert.deepEqual(reply.mentions, []);
    await sys.tickets.settle(number);
    assert.equal((await notices('cora')).length, 1, 'still only the note above');
  });

  it('stores and notifies nothing for a refused note', { timeout: 60_000 }, async () => {
    const before = await sys.db.selectFrom('comments').select('id').execute();
    // The requester may not write internal notes.
    failsWith(await comment('erin', '@sam.agent look at this', 'internal'), 'FORBIDDEN', 'NOT_ALLOWED');
    // Someone who may not see the ticket: as if it did not exist.
    failsWith(await comment('erik', '@sam.agent look at this', 'internal'), 'NOT_FOUND');
    assert.equal((await sys.db.selectFrom('comments').select('id').execute()).length, before.length);
    await sys.tickets.settle(number);
    assert.deepEqual(await notices('sam'), []);
  });
});
