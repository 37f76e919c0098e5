// The service worker (web/public/sw.js) in a real browser (Debian's chromium, headless), served by the
// test API from the built app. A Playwright context cannot subscribe to push (test/system/web-push-opt-in.test.ts),
// so the messages come the way DevTools sends them: ServiceWorker.deliverPushMessage over the Chrome
// DevTools Protocol, which fires a real push event in the registered worker. What it shows is read back
// with getNotifications(): the API's payload ({ title, body, url, tag }), a url on another origin
// (the app's start page instead), a second message under the same tag (replaces the first), a text
// that is not JSON (the body, under 'Ticketflow').
//
// A click cannot come from the browser: the DevTools protocol has no command to click a notification. The test
// dispatches a script-constructed NotificationEvent in the worker's scope with a notification the worker
// showed. Chromium lets such an event neither wait (waitUntil throws) nor focus or open windows (only a
// real click may): the test keeps the promise the handler gives to waitUntil and records the calls to
// WindowClient.focus() and Clients.openWindow() instead of making them. The rest is the browser's own:
// the notification closes, and WindowClient.navigate() takes a real page of the app to the ticket.
// A pushsubscriptionchange is dispatched the same way, with subscriptions as their toJSON() gives them:
// the worker's renewal reaches the real API.
import assert from 'node:assert/strict';
import { createECDH, randomBytes } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type Browser, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';
import type { PushPayload } from '../../activities/notifications/push.js';
import {
  DESKTOP,
  signIn,
  skipWithoutBrowser,
  startBrowserSystem,
  stopBrowserSystem,
  watchConsole,
} from '../support/browser.js';
import { type TestApi } from '../support/api.js';
import { type TestSystem } from '../support/system.js';

/** A notification on screen, as getNotifications() gives it. */
interface Shown {
  title: string;
  body: string;
  tag: string;
  data: { url: string };
}

/** The bits of a service worker's scope the click uses (the test's types are Node's, not a worker's). */
interface WorkerScope {
  registration: { getNotifications(filter?: { tag?: string }): Promise<{ tag: string }[]> };
  dispatchEvent(event: unknown): boolean;
  NotificationEvent: new (type: string, init: { notification: unknown }) => object;
  WindowClient: { prototype: { focus(): Promise<unknown> } };
  Clients: { prototype: { openWindow(url: string): Promise<unknown> } };
}

describe('the service worker in a browser', { skip: skipWithoutBrowser }, () => {
  let sys: TestSystem;
  let api: TestApi;
  let browser: Browser;
  let context: BrowserContext;
  /** Erin's page of the app: registered the worker, then stays open as one of the app's windows. */
  let page: Page;
  /** A page outside the app (about:blank) that holds the DevTools session: never one of the worker's windows. */
  let cdp: CDPSession;
  let registrationId: string;
  const problems: string[] = [];
  let ticketUrl: string;

  before(async () => {
    ({ sys, api, browser } = await startBrowserSystem());
    context = await browser.newContext({ viewport: DESKTOP });
    await context.grantPermissions(['notifications'], { origin: api.url });
    cdp = await context.newCDPSession(await context.newPage());
    const registrations = new Map<string, string>();
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: updated }) => {
      for (const r of updated) {
        if (r.isDeleted) registrations.delete(r.scopeURL);
        else registrations.set(r.scopeURL, r.registrationId);
      }
    });
    await cdp.send('ServiceWorker.enable');

    page = await context.newPage();
    watchConsole(page, problems);
    await signIn(page, api.url, 'erin.employee@example.com');
    const active = await page.evaluate(async () => {
      await navigator.serviceWorker.register('/sw.js');
      const ready = await navigator.serviceWorker.ready;
      const worker = ready.active!;
      // ready may answer while the worker is still activating.
      if (worker.state !== 'activated')
        await new Promise((activated) => worker.addEventListener('statechange', activated, { once: true }));
      return { scope: ready.scope, script: worker.scriptURL, state: worker.state };
    });
    assert.deepEqual(active, { scope: `${api.url}/`, script: `${api.url}/sw.js`, state: 'activated' });
    registrationId = await until(() => registrations.get(`${api.url}/`), 'the registration seen over DevTools');
    // DevTools may take a push for a worker just activated before it can run it (seen once in CI): a
    // first message is sent until one shows, so that each test's single message meets a running worker.
    await until(async () => {
      await push({ title: 'Warm-up', body: '', url: '/', tag: 'warm-up' });
      await new Promise((resolve) => setTimeout(resolve, 500));
      return (await shown()).some((n) => n.tag === 'warm-up') ? true : undefined;
    }, 'a first message shown');
    await closeAll();

    const erin = await sys.person('erin.employee@example.com');
    const { ticket } = await sys.tickets.create(
      {
        process: 'it-support',
        title: 'The printer jams',
        requester: { userId: erin.userId },
        fields: { category: 'hardware' },
      },
      erin,
    );
    ticketUrl = `${api.url}/tickets/${encodeURIComponent(ticket.number)}`;
  });

  after(async () => {
    await context?.close();
    await stopBrowserSystem({ sys, api, browser });
  });

  // Each test starts with nothing on screen (the page is closed by the last test only).
  beforeEach(async () => {
    if (!page.isClosed()) await closeAll();
  });

  /** Delivers one push message to the worker: a real push event, as from a push service. */
  async function push(data: PushPayload | string) {
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: api.url,
      registrationId,
      data: typeof data === 'string' ? data : JSON.stringify(data),
    });
  }

  /** The notifications the worker has on screen, read from Erin's page. */
  const shown = (): Promise<Shown[]> =>
    page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return (await registration.getNotifications()).map((n) => ({
        title: n.title,
        body: n.body,
        tag: n.tag,
        data: n.data as { url: string },
      }));
    });

  /** Waits (30 s at most) for the notifications on screen to include one that `match` accepts. */
  /**
   * Delivers a tagged message until the worker shows it. DevTools drops a push now and then when the
   * browser is restarting a stopped worker on a loaded machine (2 cores, four test files at once); a
   * message sent again under its tag replaces itself, so it is shown once however often it is sent.
   */
  async function pushUntilShown(data: PushPayload, match: (n: Shown) => boolean): Promise<Shown[]> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      await push(data);
      const sent = Date.now();
      while (Date.now() - sent < 5_000) {
        const all = await shown();
        if (all.some(match)) return all;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${data.tag} to be shown`);
    }
  }

  async function shownOnce(match: (n: Shown) => boolean): Promise<Shown[]> {
    return until(async () => {
      const all = await shown();
      return all.some(match) ? all : undefined;
    }, 'the notification shown');
  }

  const closeAll = () =>
    page.evaluate(async () => {
      for (const n of await (await navigator.serviceWorker.ready).getNotifications()) n.close();
    });

  /** The worker's scope (a push starts it again if the browser stopped it). */
  async function worker(): Promise<Worker> {
    return until(() => context.serviceWorkers().find((w) => w.url() === `${api.url}/sw.js`), 'the service worker');
  }

  /**
   * Clicks the notification of that tag: a notificationclick in the worker's scope with the notification
   * it showed. Answers the calls to focus() (the window's URL) and openWindow() (its URL), in order.
   */
  async function click(tag: string): Promise<string[]> {
    return (await worker()).evaluate(async (tag) => {
      const scope = self as unknown as WorkerScope;
      const [notification] = await scope.registration.getNotifications({ tag });
      if (!notification) throw new Error(`no notification tagged ${tag}`);
      const calls: string[] = [];
      const { focus } = scope.WindowClient.prototype;
      const { openWindow } = scope.Clients.prototype;
      // tsx names each function that is a variable's or a property's value with a helper the worker does
      // not have (__name): the functions here are assigned to members. A Proxy sees the client focused.
      const onFocus: ProxyHandler<() => Promise<unknown>> = {};
      onFocus.apply = (_focus, client: { url: string }) => {
        calls.push(`focus ${client.url}`);
        return Promise.resolve(client);
      };
      scope.WindowClient.prototype.focus = new Proxy(focus, onFocus);
      scope.Clients.prototype.openWindow = (url: string) => {
        calls.push(`openWindow ${url}`);
        return Promise.resolve(null);
      };
      try {
        const event = new scope.NotificationEvent('notificationclick', { notification });
        // A script-constructed event's waitUntil() throws: this one keeps the promise instead.
        const kept: { promise?: Promise<unknown>; waitUntil?: (promise: Promise<unknown>) => void } = {};
        kept.waitUntil = (promise) => (kept.promise = promise);
        Object.defineProperty(event, 'waitUntil', { value: kept.waitUntil });
        scope.dispatchEvent(event);
        if (!kept.promise) throw new Error('the click handler waited for nothing');
        await kept.promise;
      } finally {
        scope.WindowClient.prototype.focus = focus;
        scope.Clients.prototype.openWindow = openWindow;
      }
      return calls;
    }, tag);
  }

  it('shows the API’s message: its title, body, tag and the ticket’s URL', { timeout: 60_000 }, async () => {
    const path = new URL(ticketUrl).pathname;
    const all = await pushUntilShown(
      { title: 'Sam asked a question', body: 'Which floor?', url: path, tag: 'n-1' },
      (n) => n.tag === 'n-1',
    );
    assert.deepEqual(all, [
      { title: 'Sam asked a question', body: 'Which floor?', tag: 'n-1', data: { url: ticketUrl } },
    ]);
  });

  it('opens the app’s start page for a URL on another origin', { timeout: 60_000 }, async () => {
    const all = await pushUntilShown(
      { title: 'Elsewhere', body: 'A link away', url: 'https://example.com/tickets/1', tag: 'n-2' },
      (n) => n.tag === 'n-2',
    );
    assert.deepEqual(all, [{ title: 'Elsewhere', body: 'A link away', tag: 'n-2', data: { url: `${api.url}/` } }]);
    const [relative] = (
      await pushUntilShown(
        { title: 'Elsewhere', body: 'Protocol-relative', url: '//example.com/tickets/1', tag: 'n-3' },
        (n) => n.tag === 'n-3',
      )
    ).filter((n) => n.tag === 'n-3');
    assert.equal(relative?.data.url, `${api.url}/`);
  });

  it('replaces a message with the next one of the same tag', { timeout: 60_000 }, async () => {
    const path = new URL(ticketUrl).pathname;
    await pushUntilShown(
      { title: 'Sam asked a question', body: 'First copy', url: path, tag: 'n-4' },
      (n) => n.body === 'First copy',
    );
    const all = await pushUntilShown(
      { title: 'Sam asked a question', body: 'Second copy', url: path, tag: 'n-4' },
      (n) => n.body === 'Second copy',
    );
    assert.deepEqual(
      all.map((n) => `${n.tag}: ${n.body}`),
      ['n-4: Second copy'],
    );
  });

  it('shows a text that is not JSON as the body, under the app’s name', { timeout: 60_000 }, async () => {
    await push('Something happened {not json');
    const all = await shownOnce((n) => n.body.startsWith('Something'));
    assert.deepEqual(all, [
      { title: 'Ticketflow', body: 'Something happened {not json', tag: '', data: { url: `${api.url}/` } },
    ]);
  });

  it(
    'renews a subscription its push service replaced, with nobody signed in, and only with the old one',
    { timeout: 60_000 },
    async () => {
      const erin = await sys.person('erin.employee@example.com');
      const old = { endpoint: 'https://push.example.com/old-one', auth: randomBytes(16).toString('base64url') };
      await sys.db
        .insertInto('push_subscriptions')
        .values({ user_id: erin.userId, endpoint: old.endpoint, p256dh: 'p', auth: old.auth })
        .execute();
      const fresh = {
        endpoint: 'https://push.example.com/new-one',
        expirationTime: null,
        keys: {
          p256dh: createECDH('prime256v1').generateKeys().toString('base64url'),
          auth: randomBytes(16).toString('base64url'),
        },
      };
      const kept = async () =>
        (await sys.db.selectFrom('push_subscriptions').select(['endpoint', 'user_id']).orderBy('endpoint').execute())
          .filter((r) => r.endpoint.startsWith('https://push.example.com/'))
          .map((r) => `${r.endpoint} ${r.user_id === erin.userId ? 'erin' : r.user_id}`);

      // A browser that gives no old subscription: nothing can be proved, nothing is sent.
      assert.equal(await subscriptionChange(undefined, fresh), 'done');
      assert.deepEqual(await kept(), [`${old.endpoint} erin`]);
      // The old subscription proves the new one is this browser's: it takes the old one's place.
      assert.equal(
        await subscriptionChange({ endpoint: old.endpoint, keys: { p256dh: 'p', auth: old.auth } }, fresh),
        'done',
      );
      assert.deepEqual(await kept(), [`${fresh.endpoint} erin`]);
      // Told again (the old one is gone): the server refuses, and the handler's promise says so.
      assert.match(
        await subscriptionChange({ endpoint: old.endpoint, keys: { p256dh: 'p', auth: old.auth } }, fresh),
        /no browser is subscribed with this endpoint and secret/,
      );
      assert.deepEqual(await kept(), [`${fresh.endpoint} erin`]);
    },
  );

  /** A pushsubscriptionchange in the worker's scope with these subscriptions (as their toJSON() gives them). */
  async function subscriptionChange(previous: object | undefined, current: object): Promise<string> {
    return (await worker()).evaluate(
      async ([previous, current]) => {
        const scope = self as unknown as WorkerScope;
        // tsx names a function that is a variable's value with a helper the worker lacks: members only.
        const made: { subscription?: (json: object) => object } = {};
        made.subscription = (json) => {
          const subscription: { toJSON?: () => object; options: object } = { ...json, options: {} };
          subscription.toJSON = () => json;
          return subscription;
        };
        const event = new Event('pushsubscriptionchange');
        // A script-constructed event cannot wait: this one keeps the promise its handler gives instead.
        const kept: { promise?: Promise<unknown>; waitUntil?: (promise: Promise<unknown>) => void } = {};
        kept.waitUntil = (promise) => (kept.promise = promise);
        Object.defineProperties(event, {
          waitUntil: { value: kept.waitUntil },
          oldSubscription: { value: previous ? made.subscription(previous) : null },
          newSubscription: { value: made.subscription(current) },
        });
        scope.dispatchEvent(event);
        if (!kept.promise) return 'the handler waited for nothing';
        try {
          await kept.promise;
          return 'done';
        } catch (error) {
          return String(error);
        }
      },
      [previous, current] as const,
    );
  }

  it('on a click opens a new window when the app’s window is not the worker’s', { timeout: 60_000 }, async () => {
    // Erin's page was loaded before the worker was installed: the worker does not control it, and
    // navigate() refuses such a window.
    assert.equal(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), false);
    await pushUntilShown(
      { title: 'Sam asked a question', body: 'Which floor?', url: new URL(ticketUrl).pathname, tag: 'c-1' },
      (n) => n.tag === 'c-1',
    );
    assert.deepEqual(await click('c-1'), [`openWindow ${ticketUrl}`]);
    assert.deepEqual(await shown(), [], 'the notification closed');
    assert.equal(page.url(), `${api.url}/tickets`, 'the uncontrolled window stayed');
  });

  it('on a click takes the app’s window to the ticket and closes the notification', { timeout: 60_000 }, async () => {
    await page.reload();
    await page.getByRole('heading', { name: 'My tickets' }).waitFor();
    assert.ok(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), 'the worker controls the page');
    await pushUntilShown(
      { title: 'Sam asked a question', body: 'Which floor?', url: new URL(ticketUrl).pathname, tag: 'c-2' },
      (n) => n.tag === 'c-2',
    );
    assert.deepEqual(await click('c-2'), [`focus ${ticketUrl}`]);
    // navigate() answers once the page commits; Playwright may hear of it a moment later.
    await page.waitForURL(ticketUrl, { timeout: 5_000 });
    await page.getByRole('heading', { name: 'The printer jams' }).waitFor();
    assert.deepEqual(await shown(), [], 'the notification closed');
  });

  it('on a click focuses a window already on the ticket and moves no other', { timeout: 60_000 }, async () => {
    await page.goto(`${api.url}/tickets`);
    await page.getByRole('heading', { name: 'My tickets' }).waitFor();
    const onTicket = await context.newPage();
    watchConsole(onTicket, problems);
    await onTicket.goto(ticketUrl);
    await onTicket.getByRole('heading', { name: 'The printer jams' }).waitFor();
    // A mark in each page's document: a navigation (even to the same URL) loads a new one without it.
    const mark = (p: Page) => p.evaluate(() => Object.assign(window, { stayed: true }));
    const stayed = (p: Page) => p.evaluate(() => 'stayed' in window);
    await mark(page);
    await mark(onTicket);
    await pushUntilShown(
      { title: 'Sam asked a question', body: 'Which floor?', url: new URL(ticketUrl).pathname, tag: 'c-3' },
      (n) => n.tag === 'c-3',
    );
    assert.deepEqual(await click('c-3'), [`focus ${ticketUrl}`]);
    assert.deepEqual(await shown(), [], 'the notification closed');
    assert.equal(page.url(), `${api.url}/tickets`, 'the other window stayed');
    assert.ok(await stayed(page), 'the other window was not navigated');
    assert.equal(onTicket.url(), ticketUrl);
    assert.ok(await stayed(onTicket), 'the window on the ticket was not navigated (nor reloaded)');
    await onTicket.close();
  });

  it('on a click opens a new window when none of the app’s is open', { timeout: 60_000 }, async () => {
    await page.goto(`${api.url}/tickets`);
    await pushUntilShown(
      { title: 'Sam asked a question', body: 'Which floor?', url: new URL(ticketUrl).pathname, tag: 'c-4' },
      (n) => n.tag === 'c-4',
    );
    await page.close();
    assert.deepEqual(await click('c-4'), [`openWindow ${ticketUrl}`]);
    const left = await (
      await worker()
    ).evaluate(async () => {
      const scope = self as unknown as WorkerScope;
      return (await scope.registration.getNotifications()).length;
    });
    assert.equal(left, 0, 'the notification closed');
    assert.deepEqual(problems, [], 'no console error or warning on the app’s pages');
  });
});

/** Asks `get` every 100 ms until it answers something, for 30 s at most (a loaded machine restarts a stopped service worker slowly). */
async function until<T>(get: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await get();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
