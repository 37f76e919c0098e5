// Web Push end to end: people save their browser's subscription over GraphQL, a notify action's `push`
// channel reaches each of their browsers through a real push service protocol (test/support/push-
// service.ts verifies the VAPID signature and decrypts as a browser does), a browser that unsubscribed
// (410) is forgotten, a push service error (500) is retried and each browser gets the message once, a
// throttling one (429) is retried after its Retry-After, push turned off in preferences sends nothing,
// and a bad subscription is refused and keeps nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sendWebPush } from '../../activities/notifications/push.js';
import { keptVapidKeys } from '../../platform/push/keys.js';
import { failsWith, startTestApi, type TestApi } from '../support/api.js';
import {
  RETRY_AFTER_SECONDS,
  startPushService,
  type TestBrowser,
  type TestPushService,
} from '../support/push-service.js';
import { eventually, startTestSystem, type TestSystem } from '../support/system.js';

const SAVE = `mutation ($subscription: WebPushSubscriptionInput!) {
  saveWebPushSubscription(subscription: $subscription) { endpoint createdAt }
}`;
const REMOVE = 'mutation ($endpoint: String!) { removeWebPushSubscription(endpoint: $endpoint) }';

describe('web push', () => {
  let sys: TestSystem;
  let api: TestApi;
  let push: TestPushService;
  let publicKey: string;
  const tokens: Record<string, string> = {};

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
    push = await startPushService();
    for (const name of [
      'erin.employee',
      'eli.employee',
      'erik.engineer',
      'emma.engineer',
      'tara.specialist',
      'sam.agent',
    ])
      tokens[name] = await api.signIn(`${name}@example.com`);
    const answer = await api.gql<{ webPushPublicKey: string }>(
      '{ webPushPublicKey }',
      {},
      { token: tokens['sam.agent'] },
    );
    publicKey = answer.data!.webPushPublicKey;
  });
  after(async () => {
    await api?.stop();
    await sys?.stop();
    await push?.stop();
  });

  /** A browser of the person, subscribed with the server's key and saved over GraphQL. */
  const optIn = async (person: string) => {
    const browser = push.subscribe(publicKey);
    const saved = await api.gql(SAVE, { subscription: browser.subscription }, { token: tokens[person] });
    assert.deepEqual(saved.errors, undefined);
    return browser;
  };
  /** A ticket of the person's, which sam comments on: the it-support rule tells the requester by push. */
  const commentedTicket = async (person: string, title: string) => {
    const requester = await sys.person(`${person}@example.com`);
    const { number } = (
      await sys.tickets.create(
        { process: 'it-support', title, requester: { userId: requester.userId }, fields: { category: 'hardware' } },
        requester,
      )
    ).ticket;
    await sys.tickets.comment(number, await sys.person('sam.agent@example.com'), {
      body: 'I ordered a new part.',
      visibility: 'public',
    });
    const event = await eventually(
      async () =>
        (await sys.tickets.timeline(number)).events.find(
          (e) => e.type === 'notified' && e.data.template === 'new_comment',
        ),
      60_000,
      `new_comment on ${number}'s timeline`,
    );
    return { number, event };
  };
  /** Messages per channel; in_app also counts the assignee's (round-robin), so tests read push. */
  const sent = (event: { data: Record<string, unknown> }) => event.data.sent as { in_app: number; push?: number };
  const requestsOf = (browser: TestBrowser) => push.requests.filter((r) => r.browser === browser.id);
  const pushRows = (number: string) =>
    sys.db
      .selectFrom('notifications')
      .selectAll()
      .where('ticket_number', '=', number)
      .where('channel', '=', 'push')
      .execute();

  it('sends the comment to the requester’s browser, signed and encrypted, with its title and the ticket’s page', async () => {
    const browser = await optIn('erin.employee');
    const again = await api.gql<{ webPushPublicKey: string }>(
      '{ webPushPublicKey }',
      {},
      { token: tokens['erin.employee'] },
    );
    assert.equal(again.data!.webPushPublicKey, publicKey, 'one key pair for every caller');

    const { number, event } = await commentedTicket('erin.employee', 'Printer jams');
    assert.equal(sent(event).push, 1);
    assert.deepEqual(event.data.failed, []);
    const [row, ...more] = await pushRows(number);
    assert.equal(more.length, 0);
    assert.equal(row!.status, 'sent');
    assert.deepEqual(browser.messages, [
      {
        title: `[${number}] New reply from Sam Agent: Printer jams`,
        body: `Sam Agent replied on ${number} Printer jams: “I ordered a new part.”`,
        url: `/tickets/${number}`,
        tag: row!.id,
      },
    ]);
    assert.deepEqual(
      requestsOf(browser).map((r) => r.status),
      [201],
    );

    // The activity run again (a retry, a replayed worker) finds the row sent and sends nothing.
    const rerun = await sendWebPush(
      sys.db,
      { keys: keptVapidKeys(sys.db, {}), subject: 'mailto:t@example.com' },
      row!.id,
    );
    assert.equal(rerun, 'already_sent');
    assert.equal(requestsOf(browser).length, 1);
  });

  it('retries a push service error and delivers once to each browser, not again to one that took it', async () => {
    const first = await optIn('emma.engineer');
    const flaky = await optIn('emma.engineer');
    push.answer(flaky, 500);
    const { number, event } = await commentedTicket('emma.engineer', 'Scanner offline');
    assert.equal(sent(event).push, 1);
    assert.deepEqual(
      requestsOf(flaky).map((r) => r.status),
      [500, 201],
    );
    assert.deepEqual(
      requestsOf(first).map((r) => r.status),
      [201],
      'the retry skipped the browser that had it',
    );
    assert.equal(flaky.messages.length, 1);
    assert.equal(first.messages.length, 1);
    const deliveries = await sys.db
      .selectFrom('push_deliveries')
      .select('status')
      .where('notification_id', '=', (await pushRows(number))[0]!.id)
      .execute();
    assert.deepEqual(
      deliveries.map((d) => d.status),
      ['delivered', 'delivered'],
    );
  });

  it('waits as long as a throttling push service asks (429 with Retry-After), then delivers once', async () => {
    const browser = await optIn('tara.specialist');
    push.answer(browser, 429);
    const { event } = await commentedTicket('tara.specialist', 'Plotter jammed');
    assert.equal(sent(event).push, 1);
    const [throttled, accepted, ...more] = requestsOf(browser);
    assert.deepEqual([throttled!.status, accepted!.status, more.length], [429, 201, 0]);
    assert.ok(
      accepted!.at - throttled!.at >= RETRY_AFTER_SECONDS * 1000 - 100,
      `retried after ${accepted!.at - throttled!.at} ms, asked ${RETRY_AFTER_SECONDS} s`,
    );
    assert.equal(browser.messages.length, 1);
  });

  it('forgets a browser whose push service answers 410 Gone, and the ticket goes on', async () => {
    const browser = await optIn('eli.employee');
    push.answer(browser, 410);
    const { number, event } = await commentedTicket('eli.employee', 'Badge reader broken');
    assert.equal(sent(event).push, 0);
    assert.deepEqual(event.data.failed, [{ channel: 'push', reason: 'refused' }]);
    assert.deepEqual(
      requestsOf(browser).map((r) => r.status),
      [410],
      'not retried',
    );
    const kept = await sys.db
      .selectFrom('push_subscriptions')
      .select('id')
      .where('endpoint', '=', browser.subscription.endpoint)
      .execute();
    assert.equal(kept.length, 0);
    assert.equal((await pushRows(number))[0]!.status, 'failed');
    const forgotten = await api.gql(
      REMOVE,
      { endpoint: browser.subscription.endpoint },
      { token: tokens['eli.employee'] },
    );
    failsWith(forgotten, 'NOT_FOUND', 'UNKNOWN_PUSH_SUBSCRIPTION');
  });

  it('sends nothing to a person who turned push off for the event', async () => {
    const browser = await optIn('erik.engineer');
    const off = await api.gql(
      'mutation { setNotificationPreference(event: commented, channel: push, enabled: false) { enabled } }',
      {},
      { token: tokens['erik.engineer'] },
    );
    assert.deepEqual(off.data, { setNotificationPreference: { enabled: false } });
    const { number, event } = await commentedTicket('erik.engineer', 'Drawing viewer crashes');
    assert.equal(sent(event).push, undefined, 'no browser addressed');
    assert.ok(
      (event.data.skipped as { channel: string; reason: string }[]).some(
        (s) => s.channel === 'push' && s.reason === 'turned_off',
      ),
      JSON.stringify(event.data.skipped),
    );
    assert.deepEqual(await pushRows(number), []);
    assert.deepEqual(requestsOf(browser), []);
  });

  it('renews a subscription the browser’s push service replaced, for the same person, proved by its old secret', async () => {
    const old = await optIn('erin.employee');
    const renewed = push.subscribe(publicKey);
    const RENEW = `mutation ($p: WebPushPreviousSubscriptionInput!, $s: WebPushSubscriptionInput!) {
      renewWebPushSubscription(previous: $p, subscription: $s) { endpoint }
    }`;
    const previous = { endpoint: old.subscription.endpoint, auth: old.subscription.keys.auth };
    const kept = () =>
      sys.db.selectFrom('push_subscriptions').select(['endpoint', 'user_id']).orderBy('endpoint').execute();
    const before = await kept();
    // Anyone else (a wrong secret, an endpoint never kept), signed in or not: nothing changes.
    const wrongSecret = { ...previous, auth: renewed.subscription.keys.auth };
    for (const p of [wrongSecret, { ...previous, endpoint: `${previous.endpoint}-never` }]) {
      failsWith(await api.gql(RENEW, { p, s: renewed.subscription }), 'NOT_FOUND', 'UNKNOWN_PUSH_SUBSCRIPTION');
      failsWith(
        await api.gql(RENEW, { p, s: renewed.subscription }, { token: tokens['sam.agent'] }),
        'NOT_FOUND',
        'UNKNOWN_PUSH_SUBSCRIPTION',
      );
    }
    const bad = { ...renewed.subscription, endpoint: 'ftp://push.example.com/x' };
    failsWith(await api.gql(RENEW, { p: previous, s: bad }), 'BAD_USER_INPUT', 'INVALID_PUSH_SUBSCRIPTION');
    assert.deepEqual(await kept(), before);

    // The service worker, with nobody signed in, renews it: the next message reaches the new one only.
    const answer = await api.gql(RENEW, { p: previous, s: renewed.subscription });
    assert.deepEqual(answer.data, { renewWebPushSubscription: { endpoint: renewed.subscription.endpoint } });
    const erin = await sys.person('erin.employee@example.com');
    const after = await kept();
    assert.ok(!after.some((r) => r.endpoint === previous.endpoint), 'the old endpoint is forgotten');
    assert.deepEqual(
      after.filter((r) => r.endpoint === renewed.subscription.endpoint),
      [{ endpoint: renewed.subscription.endpoint, user_id: erin.userId }],
    );
    failsWith(await api.gql(RENEW, { p: previous, s: renewed.subscription }), 'NOT_FOUND', 'UNKNOWN_PUSH_SUBSCRIPTION');
    const { number } = await commentedTicket('erin.employee', 'Renewed browser');
    const about = (browser: TestBrowser) =>
      (browser.messages as { url: string }[]).filter((m) => m.url === `/tickets/${number}`);
    assert.equal(about(renewed).length, 1);
    assert.equal(about(old).length, 0);
  });

  it('refuses a bad subscription with the parts that are wrong, and keeps nothing', async () => {
    const count = async () =>
      Number(
        (
          await sys.db
            .selectFrom('push_subscriptions')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const good = push.subscribe(publicKey).subscription;
    const notOnCurve = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 1)]).toString('base64url');
    const cases: [string, unknown, string[]][] = [
      ['ftp endpoint', { ...good, endpoint: 'ftp://push.example.com/x' }, ['subscription.endpoint']],
      ['http off this machine', { ...good, endpoint: 'http://push.example.com/x' }, ['subscription.endpoint']],
      ['not a URL', { ...good, endpoint: 'push service' }, ['subscription.endpoint']],
      ['credentials', { ...good, endpoint: 'https://u:p@push.example.com/x' }, ['subscription.endpoint']],
      ['short key', { ...good, keys: { ...good.keys, p256dh: 'BAAA' } }, ['subscription.keys.p256dh']],
      ['key off the curve', { ...good, keys: { ...good.keys, p256dh: notOnCurve } }, ['subscription.keys.p256dh']],
      ['not base64url', { ...good, keys: { ...good.keys, auth: 'a+b/c==' } }, ['subscription.keys.auth']],
      [
        'auth of 8 bytes',
        { ...good, keys: { p256dh: good.keys.p256dh, auth: 'AAAAAAAAAAA' } },
        ['subscription.keys.auth'],
      ],
    ];
    for (const [what, subscription, fields] of cases) {
      const answer = await api.gql(SAVE, { subscription }, { token: tokens['sam.agent'] });
      const error = failsWith(answer, 'BAD_USER_INPUT', 'INVALID_PUSH_SUBSCRIPTION');
      assert.deepEqual(error.extensions.fields, fields, what);
    }
    const missingKeys = await api.gql(
      SAVE,
      { subscription: { endpoint: good.endpoint } },
      { token: tokens['sam.agent'] },
    );
    failsWith(missingKeys, 'BAD_USER_INPUT');
    const unknown = await api.gql(
      REMOVE,
      { endpoint: 'https://push.example.com/never' },
      { token: tokens['sam.agent'] },
    );
    failsWith(unknown, 'NOT_FOUND', 'UNKNOWN_PUSH_SUBSCRIPTION');
    assert.equal(await count(), before, 'nothing kept');

    const saved = await api.gql(SAVE, { subscription: good }, { token: tokens['sam.agent'] });
    assert.deepEqual(saved.errors, undefined);
    const removed = await api.gql(REMOVE, { endpoint: good.endpoint }, { token: tokens['sam.agent'] });
    assert.deepEqual(removed.data, { removeWebPushSubscription: true });
    assert.equal(await count(), before);
  });
});
