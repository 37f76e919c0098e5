// The notification centre over GraphQL, against the real system (Temporal, Postgres, a mail catcher):
// a person's own in-app notifications newest first with paging and the unread count, marking read (own
// only: anyone else's id refuses the lot), preferences the next notification honours, and new ones
// delivered live over server-sent events, also after the API's LISTEN connection was lost.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createApiKey } from '../../api/auth/api-keys.js';
import { startMailCatcher, type MailCatcher } from '../../platform/mail/catcher.js';
import type { Person } from '../../workflows/ticket/model.js';
import { failsWith, startTestApi, type TestApi } from '../support/api.js';
import { subscribe, type StreamMessage } from '../support/sse.js';
import { eventually, startTestSystem, type TestSystem } from '../support/system.js';

interface Notification {
  id: string;
  ticketNumber: string;
  ticketPath: string;
  subject: string;
  body: string;
  summary: string;
  event: string;
  template: string;
  read: boolean;
}
interface Page {
  notifications: {
    nodes: Notification[];
    unreadCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const LIST = `query ($first: Int, $after: String, $unreadOnly: Boolean) {
  notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
    nodes { id ticketNumber ticketPath subject body summary event template read createdAt }
    unreadCount
    pageInfo { hasNextPage endCursor }
  }
}`;
/** The notification a stream's message carries. */
const addedIn = (message: StreamMessage) => {
  assert.equal(message.kind, 'next', JSON.stringify(message));
  const { data, errors } = (message as Extract<StreamMessage, { kind: 'next' }>).result;
  assert.equal(errors, undefined, JSON.stringify(errors));
  return (data as { notificationAdded: Notification }).notificationAdded;
};
const MARK = 'mutation ($ids: [ID!], $all: Boolean) { markNotificationsRead(ids: $ids, all: $all) }';

describe('the notification centre over GraphQL', () => {
  let mail: MailCatcher;
  let sys: TestSystem;
  let api: TestApi;
  let erin: Person; // employee, the requester: asked questions in her notification centre
  let sam: Person; // service-desk agent
  let erinToken: string;
  let samToken: string;

  before(async () => {
    mail = await startMailCatcher();
    sys = await startTestSystem({ smtpUrl: mail.url });
    api = await startTestApi(sys);
    erin = await sys.person('erin.employee@example.com');
    sam = await sys.person('sam.agent@example.com');
    erinToken = await api.signIn('erin.employee@example.com');
    samToken = await api.signIn('sam.agent@example.com');
  });
  after(async () => {
    await api.stop();
    await sys.stop();
    await mail.stop();
  });

  /** A ticket of erin's on which sam asks her a question: one in-app notification for her (and a mail). */
  async function askErin(title: string, question = 'Which model?'): Promise<string> {
    const { ticket } = await sys.tickets.create(
      { process: 'it-support', title, requester: { userId: erin.userId }, fields: { category: 'hardware' } },
      erin,
    );
    await sys.tickets.move(ticket.number, sam, { transition: 'start' });
    await sys.tickets.move(ticket.number, sam, { transition: 'ask_requester', fields: { question } });
    await eventually(
      async () =>
        (await sys.tickets.timeline(ticket.number)).events.find(
          (e) => e.type === 'notified' && e.data.template === 'question_for_requester',
        ),
      30_000,
      `the question on ${ticket.number}`,
    );
    return ticket.number;
  }

  const list = async (variables: Record<string, unknown> = {}, token = erinToken) => {
    const result = await api.gql<Page>(LIST, variables, { token });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return result.data!.notifications;
  };

  it('lists her own notifications newest first, a page at a time, with the unread count', async () => {
    const numbers = [await askErin('Paging one'), await askErin('Paging two'), await askErin('Paging three')];
    const first = await list({ first: 2 });
    assert.deepEqual(
      first.nodes.map((n) => n.ticketNumber),
      [numbers[2], numbers[1]],
    );
    assert.equal(first.pageInfo.hasNextPage, true);
    const [newest] = first.nodes;
    assert.equal(newest!.ticketPath, `/tickets/${numbers[2]}`);
    assert.equal(newest!.event, 'moved');
    assert.equal(newest!.template, 'question_for_requester');
    assert.equal(newest!.read, false);
    assert.match(newest!.subject, new RegExp(`^\\[${numbers[2]}\\]`));
    assert.ok(newest!.body.includes('Which model?'), newest!.body);
    // The notification centre's line: who did what on which ticket.
    assert.equal(newest!.summary, `Sam Agent moved ${numbers[2]} Paging three to Waiting on requester: “Which model?”`);
    const second = await list({ first: 2, after: first.pageInfo.endCursor });
    assert.equal(second.nodes[0]!.ticketNumber, numbers[0]);
    assert.ok(!second.nodes.some((n) => first.nodes.some((f) => f.id === n.id)), 'no notification twice');
    assert.ok(first.unreadCount >= 3, `unread: ${first.unreadCount}`);
    // Sam (the assignee of these tickets) has notifications of his own, none of erin's.
    const sams = await list({ first: 100 }, samToken);
    assert.ok(!sams.nodes.some((n) => first.nodes.some((f) => f.id === n.id)), "none of erin's in sam's");

    failsWith(await api.gql(LIST, { first: 2, after: 'not-a-cursor' }, { token: erinToken }), 'BAD_USER_INPUT');
    failsWith(await api.gql(LIST, { first: 0 }, { token: erinToken }), 'BAD_USER_INPUT');
  });

  it("marks her own read and refuses anyone else's, changing nothing", async () => {
    await askErin('Mark me');
    const before = await list({ first: 1 });
    const mine = before.nodes[0]!;
    const unread = before.unreadCount;

    // Sam may not mark erin's, nor may erin name an unknown id beside her own: nothing changes.
    const samTried = await api.gql(MARK, { ids: [mine.id] }, { token: samToken });
    failsWith(samTried, 'NOT_FOUND', 'UNKNOWN_NOTIFICATION');
    const mixed = await api.gql(MARK, { ids: [mine.id, randomUUID()] }, { token: erinToken });
    failsWith(mixed, 'NOT_FOUND', 'UNKNOWN_NOTIFICATION');
    failsWith(await api.gql(MARK, { ids: ['nope'] }, { token: erinToken }), 'BAD_USER_INPUT');
    failsWith(await api.gql(MARK, {}, { token: erinToken }), 'BAD_USER_INPUT');
    const unchanged = await list({ first: 1 });
    assert.equal(unchanged.nodes[0]!.read, false);
    assert.equal(unchanged.unreadCount, unread);

    const marked = await api.gql<{ markNotificationsRead: number }>(MARK, { ids: [mine.id] }, { token: erinToken });
    assert.equal(marked.data?.markNotificationsRead, unread - 1, JSON.stringify(marked.errors));
    const after = await list({ first: 1 });
    assert.equal(after.nodes[0]!.read, true);
    assert.equal(after.unreadCount, unread - 1);
    assert.ok(!(await list({ first: 100, unreadOnly: true })).nodes.some((n) => n.id === mine.id), 'not unread');

    const all = await api.gql<{ markNotificationsRead: number }>(MARK, { all: true }, { token: erinToken });
    assert.equal(all.data?.markNotificationsRead, 0);
    assert.equal((await list({ first: 5 })).unreadCount, 0);
  });

  it('round-trips her preferences, and the next notification honours them: no mail when mail is off', async () => {
    type Prefs = { notificationPreferences: { event: string; channel: string; enabled: boolean }[] };
    const prefs = async () =>
      (await api.gql<Prefs>('{ notificationPreferences { event channel enabled } }', {}, { token: erinToken })).data!
        .notificationPreferences;
    const grid = await prefs();
    assert.equal(grid.length, 8 * 3, 'every event (being mentioned among them) × channel');
    assert.ok(
      grid.every((p) => p.enabled),
      'all on until turned off',
    );

    const SET = `mutation ($e: NotificationEvent!, $c: NotificationChannel!, $on: Boolean!) {
      setNotificationPreference(event: $e, channel: $c, enabled: $on) { event channel enabled }
    }`;
    const off = await api.gql(SET, { e: 'moved', c: 'email', on: false }, { token: erinToken });
    assert.deepEqual(off.data, { setNotificationPreference: { event: 'moved', channel: 'email', enabled: false } });
    failsWith(await api.gql(SET, { e: 'exploded', c: 'email', on: false }, { token: erinToken }), 'BAD_USER_INPUT');
    assert.deepEqual(
      (await prefs()).filter((p) => !p.enabled),
      [{ event: 'moved', channel: 'email', enabled: false }],
    );
    try {
      const number = await askErin('Quiet, please', 'Mail off?');
      const centre = await list({ first: 1 });
      assert.equal(centre.nodes[0]!.ticketNumber, number, 'still in her notification centre');
      const question = mail.messages.filter((m) => m.subject.startsWith(`[${number}]`) && m.text.includes('Mail off?'));
      assert.deepEqual(question, [], 'no mail for the question');
    } finally {
      await api.gql(SET, { e: 'moved', c: 'email', on: true }, { token: erinToken });
    }
    assert.ok((await prefs()).every((p) => p.enabled));
  });

  it('delivers a new notification live, and catches up on one whose notice was lost', async () => {
    const stream = await subscribe(
      api.url,
      'subscription { notificationAdded { id ticketNumber template read } }',
      {},
      erinToken,
    );
    const samStream = await subscribe(api.url, 'subscription { notificationAdded { id } }', {}, samToken);
    try {
      assert.equal(stream.status, 200);
      const number = await askErin('Live one');
      const added = addedIn(await stream.next(20_000));
      assert.deepEqual(
        { ...added, id: undefined },
        {
          id: undefined,
          ticketNumber: number,
          template: 'question_for_requester',
          read: false,
        },
      );
      // Sam gets his own (the in-progress ones of these tickets), never erin's.
      for (let m = await samStream.next(3_000); m.kind === 'next'; m = await samStream.next(3_000)) {
        const seen = (m.result.data as { notificationAdded: { id: string } }).notificationAdded;
        assert.notEqual(seen.id, added.id);
      }

      // A notification whose notice never came (written without one), then the LISTEN connection is lost
      // and back: the stream catches up from the read model.
      const ticket = await sys.db
        .selectFrom('tickets')
        .select('id')
        .where('number', '=', number)
        .executeTakeFirstOrThrow();
      const id = randomUUID();
      await sys.db
        .insertInto('notifications')
        .values({
          id,
          ticket_id: ticket.id,
          ticket_number: number,
          effect_id: `test-${id}`,
          event_seq: 1,
          event: 'commented',
          template: 'question_for_requester',
          recipient_key: erin.userId,
          recipient_id: erin.userId,
          recipient_name: 'Erin',
          recipient_email: 'erin.employee@example.com',
          channel: 'in_app',
          subject: `[${number}] Missed`,
          body: 'A notice that never came',
          message_id: `<${id}@test>`,
          status: 'sent',
        })
        .execute();
      const pid = api.live.backendPid;
      assert.ok(pid);
      await sql`select pg_terminate_backend(${pid})`.execute(sys.db);
      assert.equal(addedIn(await stream.next(20_000)).id, id);
    } finally {
      stream.close();
      samStream.close();
    }
  });

  it('is for people: anonymous callers sign in, API keys are refused', async () => {
    failsWith(await api.gql(LIST, {}), 'UNAUTHENTICATED');
    failsWith(await api.gql(MARK, { all: true }), 'UNAUTHENTICATED');
    const admin = await sys.person('admin@example.com');
    const scope = { name: 'mail', processes: ['it-support'], signals: [], createTickets: true, readTickets: true };
    const key = (await createApiKey(sys.db, admin.userId, scope)).secret;
    failsWith(await api.gql(LIST, {}, { token: key }), 'FORBIDDEN', 'PEOPLE_ONLY');
    failsWith(await api.gql('{ notificationPreferences { enabled } }', {}, { token: key }), 'FORBIDDEN', 'PEOPLE_ONLY');
  });
});
