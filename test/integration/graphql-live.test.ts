// Live updates end to end: subscriptions over server-sent events on two API instances that share one
// database, each with its own LISTEN connection; what a person's stream carries and never carries;
// how a stream ends; resuming without losing a change; a LISTEN connection killed under the API.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { recordProjectionFailure } from '../../platform/tickets/projection.js';
import { setUserStatus } from '../../platform/people/users.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { subscribe, type StreamMessage, type Subscription } from '../support/sse.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const EVENT = `ticket { number state group } events { seq type kind by { ... on SystemActor { cause } } reason message body data } seq observedAt`;
const BOARD = `subscription ($p: String!, $since: DateTime) { boardEvents(processKey: $p, since: $since) { ${EVENT} } }`;
const TICKET = `subscription ($n: String!, $after: Int) { ticketEvents(number: $n, afterSeq: $after) { ${EVENT} } }`;
const CREATE = `mutation ($t: String!) { createTicket(input: { process: "it-support", title: $t, fields: { category: "hardware" } }) { number } }`;
const COMMENT = `mutation ($n: String!, $b: String!, $v: CommentVisibility) { addComment(number: $n, body: $b, visibility: $v) { number } }`;
const MOVE = `mutation ($n: String!, $to: String!) { moveTicket(number: $n, toState: $to) { state } }`;

interface LiveEvent {
  ticket: { number: string; state: string; group: string };
  events: {
    seq: number;
    type: string;
    kind: string;
    by: { cause?: string | null };
    reason: string | null;
    message: string | null;
    body: string | null;
    data: Record<string, unknown>;
  }[];
  seq: number;
  observedAt: string;
}

/** The event a message carries; fails on anything else. */
function eventOf(message: StreamMessage, field: 'boardEvents' | 'ticketEvents'): LiveEvent {
  assert.equal(message.kind, 'next', `expected an event, got ${JSON.stringify(message)}`);
  const result = (message as Extract<StreamMessage, { kind: 'next' }>).result;
  assert.ok(!result.errors?.length, JSON.stringify(result.errors));
  return (result.data as Record<string, LiveEvent>)[field]!;
}

/** Reads events until one satisfies `done`; returns all read. */
async function readUntil(stream: Subscription, field: 'boardEvents' | 'ticketEvents', done: (e: LiveEvent) => boolean) {
  const seen: LiveEvent[] = [];
  for (;;) {
    const event = eventOf(await stream.next(60_000), field);
    seen.push(event);
    if (done(event)) return seen;
  }
}

describe('live updates over GraphQL subscriptions', () => {
  let sys: TestSystem;
  let one: TestApi;
  let two: TestApi;
  let erin: string;
  let eli: string;
  let sam: string;
  const streams: Subscription[] = [];
  const open = async (...args: Parameters<typeof subscribe>) => {
    const stream = await subscribe(...args);
    streams.push(stream);
    return stream;
  };

  before(async () => {
    sys = await startTestSystem();
    one = await startTestApi(sys);
    two = await startTestApi(sys);
    erin = await one.signIn('erin.employee@example.com');
    eli = await one.signIn('eli.employee@example.com');
    sam = await one.signIn('sam.agent@example.com');
  });
  after(async () => {
    for (const stream of streams) stream.close();
    await one.stop();
    await two.stop();
    await sys.stop();
  });

  const submit = async (title: string, token = erin) => {
    const result = await one.gql<{ createTicket: { number: string } }>(CREATE, { t: title }, { token });
    assert.ok(result.data, JSON.stringify(result.errors));
    return result.data.createTicket.number;
  };
  const comment = async (number: string, body: string, token = sam, visibility = 'public') => {
    const result = await one.gql(COMMENT, { n: number, b: body, v: visibility }, { token });
    assert.ok(result.data, JSON.stringify(result.errors));
  };

  it('carries a move made through one API instance to a subscriber on the other', { timeout: 120_000 }, async () => {
    const number = await submit('Move me');
    const board = await open(two.url, BOARD, { p: 'it-support' }, sam);
    const ticket = await open(two.url, TICKET, { n: number }, sam);
    assert.equal(board.status, 200);
    const moved = await one.gql(MOVE, { n: number, to: 'in_progress' }, { token: sam });
    assert.ok(moved.data, JSON.stringify(moved.errors));

    const onBoard = await readUntil(
      board,
      'boardEvents',
      (e) => e.ticket.number === number && e.ticket.state === 'in_progress',
    );
    const last = onBoard.at(-1)!;
    assert.ok(
      last.events.some((e) => e.type === 'moved'),
      JSON.stringify(last.events),
    );
    // Changes that finish the ticket's creation may come first.
    const single = (await readUntil(ticket, 'ticketEvents', (e) => e.events.some((x) => x.type === 'moved'))).at(-1)!;
    assert.equal(single.ticket.number, number);
    assert.equal(single.ticket.state, 'in_progress');
    assert.ok(single.events.every((e) => e.seq <= single.seq));
  });

  it("never carries other people's tickets or internal notes to an employee", { timeout: 120_000 }, async () => {
    const mine = await submit('Mine');
    const board = await open(two.url, BOARD, { p: 'it-support' }, erin);
    const own = await open(two.url, TICKET, { n: mine }, erin);
    const others = await submit('Eli asks', eli);
    await comment(others, 'A reply to eli');
    await comment(mine, 'Staff only: the requester is impatient', sam, 'internal');
    await comment(mine, 'We are on it');

    for (const [stream, field] of [
      [board, 'boardEvents'],
      [own, 'ticketEvents'],
    ] as const) {
      const seen = await readUntil(stream, field, (e) => e.events.some((x) => x.body === 'We are on it'));
      for (const event of seen) {
        assert.equal(event.ticket.number, mine, `only erin's ticket: ${JSON.stringify(event)}`);
        for (const e of event.events) {
          assert.notEqual(e.data.visibility, 'internal', JSON.stringify(e));
          assert.ok(!e.body?.includes('Staff only'), JSON.stringify(e));
        }
      }
    }
  });

  it(
    'checks visibility per change: a ticket that moves to another group leaves a board and comes back',
    {
      timeout: 120_000,
    },
    async () => {
      const number = await submit('Travelling');
      const desk = await open(two.url, BOARD, { p: 'it-support' }, sam);
      const engineering = await open(
        two.url,
        BOARD,
        { p: 'it-support' },
        await one.signIn('erik.engineer@example.com'),
      );
      const admin = await sys.person('admin@example.com');
      await sys.tickets.reassign(number, admin, { userId: null, group: 'engineering' });
      await sys.tickets.comment(number, admin, { body: 'in engineering now', visibility: 'public' });
      const seenByEngineering = await readUntil(engineering, 'boardEvents', (e) =>
        e.events.some((x) => x.body === 'in engineering now'),
      );
      assert.ok(seenByEngineering.every((e) => e.ticket.number === number && e.ticket.group === 'engineering'));

      // Engineering has seen the comment: the desk has had every chance to, and must not have.
      const seenByDesk: LiveEvent[] = [];
      for (let m = await desk.next(2_000); m.kind !== 'timeout'; m = await desk.next(2_000))
        seenByDesk.push(eventOf(m, 'boardEvents'));
      for (const event of seenByDesk) {
        assert.equal(event.ticket.group, 'service-desk', JSON.stringify(event));
        assert.ok(!event.events.some((x) => x.body === 'in engineering now'), JSON.stringify(event));
      }

      // Back in the desk's queue, the ticket is the desk's again, its whole timeline included (as a query shows it).
      await sys.tickets.reassign(number, admin, { userId: null, group: 'service-desk' });
      await sys.tickets.comment(number, admin, { body: 'back at the desk', visibility: 'public' });
      const back = await readUntil(desk, 'boardEvents', (e) => e.events.some((x) => x.body === 'back at the desk'));
      assert.equal(back.at(-1)!.ticket.group, 'service-desk');
    },
  );

  it('ends the stream of a person who is deactivated', { timeout: 60_000 }, async () => {
    const tom = await one.signIn('tom.support@example.com');
    const board = await open(two.url, BOARD, { p: 'it-support' }, tom);
    assert.equal(board.status, 200);
    assert.equal((await board.next(3_000)).kind, 'timeout', 'a quiet board says nothing');
    await setUserStatus(sys.db, 'tom.support@example.com', 'inactive');
    const ended = await board.next(15_000);
    assert.equal(ended.kind, 'next', JSON.stringify(ended));
    const error = (ended as Extract<StreamMessage, { kind: 'next' }>).result.errors?.[0];
    assert.equal(error?.extensions.code, 'UNAUTHENTICATED', JSON.stringify(ended));
    assert.equal(error?.extensions.reason, 'ACCOUNT_INACTIVE');
    assert.equal((await board.next(5_000)).kind, 'complete');
  });

  it('ends the stream of a sign-in that logs out, on another API instance too', { timeout: 60_000 }, async () => {
    const token = await one.signIn('sara.agent@example.com');
    const board = await open(two.url, BOARD, { p: 'it-support' }, token);
    assert.equal(board.status, 200);
    assert.equal((await board.next(3_000)).kind, 'timeout', 'a quiet board says nothing');
    const out = await one.gql<{ logout: boolean }>('mutation { logout }', {}, { token });
    assert.equal(out.data?.logout, true, JSON.stringify(out));
    const ended = await board.next(15_000);
    const error = (ended as Extract<StreamMessage, { kind: 'next' }>).result?.errors?.[0];
    assert.equal(error?.extensions.code, 'UNAUTHENTICATED', JSON.stringify(ended));
    assert.equal(error?.extensions.reason, 'SIGNED_OUT');
    assert.equal((await board.next(5_000)).kind, 'complete');
  });

  it('ends the stream with TOKEN_EXPIRED when the access token expires', { timeout: 60_000 }, async () => {
    const shortLived = await startTestApi(sys, { accessTtlSeconds: 3 });
    try {
      const token = await shortLived.signIn('sara.agent@example.com');
      const board = await open(shortLived.url, BOARD, { p: 'it-support' }, token);
      const ended = await board.next(15_000);
      const error = (ended as Extract<StreamMessage, { kind: 'next' }>).result?.errors?.[0];
      assert.equal(error?.extensions.code, 'UNAUTHENTICATED', JSON.stringify(ended));
      assert.equal(error?.extensions.reason, 'TOKEN_EXPIRED');
      assert.equal((await board.next(5_000)).kind, 'complete');
    } finally {
      await shortLived.stop();
    }
  });

  it(
    'refuses a subscription without a valid token, and one to a ticket one may not see',
    { timeout: 60_000 },
    async () => {
      const number = await submit('Private');
      for (const [token, code] of [
        [undefined, 'UNAUTHENTICATED'],
        ['not-a-token', 'UNAUTHENTICATED'],
        [eli, 'NOT_FOUND'],
      ] as const) {
        const stream = await open(two.url, TICKET, { n: number }, token);
        const first = await stream.next(15_000);
        assert.equal(first.kind, 'next', JSON.stringify(first));
        const errors = (first as Extract<StreamMessage, { kind: 'next' }>).result.errors;
        assert.equal(errors?.[0]?.extensions.code, code, JSON.stringify(first));
      }
    },
  );

  it('refuses a board of a process that does not exist', { timeout: 60_000 }, async () => {
    const stream = await open(two.url, BOARD, { p: 'no-such-process' }, sam);
    const first = await stream.next(15_000);
    const errors = (first as Extract<StreamMessage, { kind: 'next' }>).result?.errors;
    assert.equal(errors?.[0]?.extensions.code, 'NOT_FOUND', JSON.stringify(first));
  });

  it('carries a change once when its notice comes twice (a retried projection)', { timeout: 120_000 }, async () => {
    const number = await submit('Twice');
    const stream = await open(two.url, TICKET, { n: number }, sam);
    await comment(number, 'said once');
    const got = (await readUntil(stream, 'ticketEvents', (e) => e.events.some((x) => x.body === 'said once'))).at(-1)!;
    // The very notice a retried projection sends again.
    await sql`select pg_notify('ticket_events', json_build_object('number', number, 'process', process_key,
      'group', group_key, 'seq', seq, 'from', seq, 'types', '["commented"]'::json)::text)
      from tickets where number = ${number}`.execute(sys.db);
    await comment(number, 'said next');
    const after = await readUntil(stream, 'ticketEvents', (e) => e.events.some((x) => x.body === 'said next'));
    const seqs = [got, ...after].map((e) => e.seq);
    assert.deepEqual(
      seqs,
      [...new Set(seqs)].sort((a, b) => a - b),
      `each change once, in order: ${seqs}`,
    );
  });

  it('carries what the projection could not store as a projection_failed event', { timeout: 120_000 }, async () => {
    const number = await submit('Refused by Postgres');
    await sys.tickets.settle(number);
    const stream = await open(two.url, TICKET, { n: number }, sam);
    const row = await sys.db
      .selectFrom('tickets')
      .select(['id', 'seq'])
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    const lost = row.seq + 1;
    await recordProjectionFailure(sys.db, {
      ticketId: row.id,
      seqs: [lost, lost],
      at: Date.now(),
      code: '22P05',
      message: 'unsupported Unicode escape sequence',
    });
    const event = (await readUntil(stream, 'ticketEvents', (e) => e.seq === lost)).at(-1)!;
    assert.deepEqual(
      event.events.map((e) => [e.seq, e.type]),
      [[lost, 'projection_failed']],
    );
    // The stream's events carry the typed fields too.
    assert.deepEqual(
      event.events.map((e) => [e.kind, e.by.cause, e.reason, e.message]),
      [['projection_failed', 'projection', '22P05', 'unsupported Unicode escape sequence']],
    );
  });

  it('resumes a ticket stream after afterSeq without losing or repeating a change', { timeout: 120_000 }, async () => {
    const number = await submit('Resume me');
    const first = await open(two.url, TICKET, { n: number }, sam);
    await comment(number, 'one');
    const got = (await readUntil(first, 'ticketEvents', (e) => e.events.some((x) => x.body === 'one'))).at(-1)!;
    first.close();
    await comment(number, 'two (while away)');
    await comment(number, 'three (while away)');

    const resumed = await open(one.url, TICKET, { n: number, after: got.seq }, sam);
    await comment(number, 'four (live again)');
    const rest = await readUntil(resumed, 'ticketEvents', (e) => e.events.some((x) => x.body?.startsWith('four')));
    // What follows the comments (the notifications they send) lands later: the stream is read until it
    // has the timeline's last change, once the ticket has settled.
    await sys.tickets.settle(number);
    const timeline = await one.gql<{ ticket: { timeline: { seq: number | null }[] } }>(
      'query ($n: String!) { ticket(number: $n) { timeline { seq } } }',
      { n: number },
      { token: sam },
    );
    const after = timeline
      .data!.ticket.timeline.map((e) => e.seq)
      .filter((s): s is number => s !== null && s > got.seq);
    const last = Math.max(...after);
    if (rest.at(-1)!.seq < last) rest.push(...(await readUntil(resumed, 'ticketEvents', (e) => e.seq >= last)));
    const seqs = [got, ...rest].flatMap((e) => e.events.map((x) => x.seq));
    const since = seqs.filter((s) => s > got.seq);
    assert.deepEqual(since, after, 'every change after afterSeq, each once, in order');
    const bodies = rest.flatMap((e) => e.events.map((x) => x.body)).filter(Boolean);
    assert.deepEqual(bodies, ['two (while away)', 'three (while away)', 'four (live again)']);
  });

  it('resumes a board from since', { timeout: 120_000 }, async () => {
    const number = await submit('Board resume');
    const board = await open(two.url, BOARD, { p: 'it-support' }, sam);
    await comment(number, 'seen live');
    const seen = await readUntil(board, 'boardEvents', (e) => e.events.some((x) => x.body === 'seen live'));
    board.close();
    await comment(number, 'said while away');
    const resumed = await open(two.url, BOARD, { p: 'it-support', since: seen.at(-1)!.observedAt }, sam);
    const caughtUp = await readUntil(resumed, 'boardEvents', (e) => e.events.some((x) => x.body === 'said while away'));
    // Nothing missing, nothing twice: neither stream brings an event of the ticket twice, and with those
    // the resumed stream brings again dropped by seq (as the schema tells clients to), the two together
    // are the ticket's timeline over that span.
    const seqs = (list: LiveEvent[]) =>
      list.filter((e) => e.ticket.number === number).flatMap((e) => e.events.map((x) => x.seq));
    const live = seqs(seen);
    const later = seqs(caughtUp);
    assert.ok(live.length > 0 && later.length > 0, 'events of the ticket on both streams');
    assert.equal(new Set(live).size, live.length, `the live stream brought no event twice: ${live}`);
    assert.equal(new Set(later).size, later.length, `the resumed stream brought no event twice: ${later}`);
    const { events } = await sys.tickets.timeline(number);
    const together = [...new Set([...live, ...later])].sort((x, y) => x - y);
    const span = events.map((e) => e.seq).filter((seq) => seq >= together[0]! && seq <= together.at(-1)!);
    assert.deepEqual(together, span, 'no event is missing');
  });

  it('re-establishes a killed LISTEN connection and keeps the events flowing', { timeout: 120_000 }, async () => {
    const number = await submit('Through an outage');
    const stream = await open(two.url, TICKET, { n: number }, sam);
    const resyncs: unknown[] = [];
    two.live.subscribe((signal) => 'resync' in signal && resyncs.push(signal));
    const firstPid = two.live.backendPid;
    assert.ok(firstPid, 'the listener has a connection');
    // Killed again and again while a change is made: its notice may well reach no connection at all.
    let killing = true;
    const killer = (async () => {
      while (killing) {
        const pid = two.live.backendPid;
        if (pid) await sql`select pg_terminate_backend(${pid})`.execute(sys.db);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await comment(number, 'during the outage');
    killing = false;
    await killer;
    await readUntil(stream, 'ticketEvents', (e) => e.events.some((x) => x.body === 'during the outage'));
    const deadline = Date.now() + 30_000;
    while (!(two.live.backendPid && two.live.backendPid !== firstPid) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(two.live.backendPid && two.live.backendPid !== firstPid, 'a new LISTEN connection');
    assert.ok(resyncs.length > 0, 'the streams were told to catch up');
    await comment(number, 'after the outage');
    await readUntil(stream, 'ticketEvents', (e) => e.events.some((x) => x.body === 'after the outage'));
  });
});
