// Web Push opt-in in a real browser (Debian's chromium, headless) against the real system, under the
// app's strict CSP: nothing is registered or asked until the person clicks; the click registers the
// service worker /sw.js (served from the app's origin) and asks the browser's permission. Headless
// chromium cannot subscribe (a Playwright context is incognito, where Chrome has no Push API), so
// past the service worker this test sees the app say so and keep nothing; where a chromium can
// subscribe, it sees the subscription saved. test/integration/web-push.test.ts covers the GraphQL path and delivery;
// test/system/web-push-service-worker.test.ts covers what the service worker (web/public/sw.js) shows for a
// push (delivered over the DevTools protocol) and opens on a click.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser } from 'playwright-core';
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

describe('web push opt-in in a browser', { skip: skipWithoutBrowser }, () => {
  let sys: TestSystem;
  let api: TestApi;
  let browser: Browser;

  before(async () => {
    ({ sys, api, browser } = await startBrowserSystem());
  });
  after(async () => {
    await stopBrowserSystem({ sys, api, browser });
  });

  it('registers the service worker only when the opt-in button is clicked', { timeout: 120_000 }, async () => {
    const problems: string[] = [];
    const context = await browser.newContext({ viewport: DESKTOP });
    await context.grantPermissions(['notifications'], { origin: api.url });
    const page = await context.newPage();
    watchConsole(page, problems);
    await signIn(page, api.url, 'erin.employee@example.com');
    await page.goto(`${api.url}/notifications/preferences`);
    const turnOn = page.getByRole('button', { name: 'Turn on push in this browser' });
    await turnOn.waitFor();
    const registration = () =>
      page.evaluate(async () => {
        const found = await navigator.serviceWorker.getRegistration('/');
        return found
          ? { scope: found.scope, script: (found.active ?? found.installing ?? found.waiting)?.scriptURL }
          : null;
      });
    assert.equal(await registration(), null, 'nothing registered before the click');
    assert.ok(
      await page.getByRole('checkbox', { name: 'Push when a comment is added' }).isChecked(),
      'the push column of the preferences',
    );

    await turnOn.click();
    const outcome = await Promise.race([
      page
        .getByText('On: the events ticked under Push')
        .waitFor()
        .then(() => 'on' as const),
      page
        .getByRole('alert')
        .filter({ hasText: 'Push could not be turned on' })
        .waitFor()
        .then(() => 'refused' as const),
    ]);
    const registered = await registration();
    assert.deepEqual(registered, { scope: `${api.url}/`, script: `${api.url}/sw.js` });
    const saved = await sys.db.selectFrom('push_subscriptions').select('endpoint').execute();
    if (outcome === 'on') {
      // A chromium with a push service: the subscription reached the API.
      assert.equal(saved.length, 1);
      assert.ok(saved[0]!.endpoint.startsWith('https://'), saved[0]!.endpoint);
    } else {
      // Headless chromium (a Playwright context is incognito, where Chrome has no Push API) refuses the
      // subscription: the app says so and nothing is kept.
      assert.deepEqual(saved, []);
      const refused = problems.filter((p) => !/Push API|push service|Registration failed|AbortError/i.test(p));
      assert.deepEqual(refused, [], 'no problem but the missing push service');
    }
    const csp = problems.filter((p) => /Content Security Policy/i.test(p));
    assert.deepEqual(csp, [], 'the service worker runs under the CSP');
    await context.close();
  });
});
