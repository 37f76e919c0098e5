// The queue in a real browser (Debian's chromium) against the real system (issue 18's measures): an
// agent lands on their default view, goes through it with j/k, selects with x, opens a ticket with
// Enter and comes back (Back) to the same row, focused; a view shared with a group appears for its
// members and not for others. axe-core finds no serious or critical violation at 1440 and 390 px.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser } from 'playwright-core';
import {
  axeViolations,
  overflowOf,
  signedInPage,
  skipWithoutBrowser,
  startBrowserSystem,
  stopBrowserSystem,
} from '../support/browser.js';
import { submitTickets, type TestApi } from '../support/api.js';
import { type TestSystem } from '../support/system.js';

describe('the queue in a browser', { skip: skipWithoutBrowser }, () => {
  let sys: TestSystem;
  let api: TestApi;
  let browser: Browser;
  const problems: string[] = [];

  before(async () => {
    ({ sys, api, browser } = await startBrowserSystem());
    await submitTickets(api, await api.signIn('erin.employee@example.com'), [
      ['Printer jams', 'high'],
      ['VPN drops', 'urgent'],
      ['Mail is slow'],
      ['Monitor flickers', 'low'],
    ]);
    // Sam's default: every open ticket he may see (the built-in "All open").
    const sam = await api.signIn('sam.agent@example.com');
    const chosen = await api.gql('mutation { setDefaultView(id: "open") { id } }', {}, { token: sam });
    assert.ok(chosen.data, JSON.stringify(chosen.errors));
  });
  after(async () => {
    await stopBrowserSystem({ sys, api, browser });
  });

  it(
    'goes through the default view with j/k, opens a ticket with Enter and comes back to it',
    { timeout: 120_000 },
    async () => {
      const page = await signedInPage(browser, api.url, 'sam.agent@example.com', problems);
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.getByRole('heading', { name: 'Queue', level: 1 }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/queue');
      const rows = page.getByRole('list', { name: 'Tickets' }).getByRole('listitem');
      await page.getByRole('status').filter({ hasText: '4 tickets' }).waitFor();
      assert.equal(await rows.count(), 4);
      // SLA due first: all four have a first-response clock, so the order is by deadline; the first row
      // is a ticket, whichever.
      const numbers = await rows
        .locator('a.queue-open')
        .evaluateAll((links) => links.map((a) => /IT-\d+/.exec(a.textContent ?? '')![0]));
      await page.keyboard.press('j');
      await page.keyboard.press('j');
      await page.keyboard.press('k');
      await page.keyboard.press('j');
      const focused = () => page.evaluate(() => /IT-\d+/.exec(document.activeElement?.textContent ?? '')?.[0]);
      assert.equal(await focused(), numbers[1]);
      await page.keyboard.press('x');
      await page.getByRole('status').filter({ hasText: '1 selected' }).waitFor();
      assert.ok(await page.getByRole('checkbox', { name: `Select ${numbers[1]}` }).isChecked());
      assert.deepEqual(await axeViolations(page), [], 'accessibility violations at 1440 px');

      await page.keyboard.press('Enter');
      await page.waitForURL(`${api.url}/tickets/${numbers[1]}`);
      await page.goBack();
      await page.waitForURL(`${api.url}/queue`);
      await page.waitForFunction(
        (n) =>
          (document.activeElement?.matches('a.queue-open') ?? false) &&
          document.activeElement!.textContent!.includes(n),
        numbers[1]!,
      );
      assert.equal(await focused(), numbers[1]);

      await page.setViewportSize({ width: 390, height: 844 });
      assert.deepEqual(await axeViolations(page), [], 'accessibility violations at 390 px');
      assert.ok((await overflowOf(page)) <= 0, 'nothing wider than a phone');
      assert.deepEqual(problems, []);
    },
  );

  it('shows a view shared with a group to its members only', { timeout: 120_000 }, async () => {
    const cora = await api.signIn('cora.coordinator@example.com');
    const shared = await api.gql(
      'mutation { createView(input: { name: "Desk triage", group: "service-desk", filter: { open: true, unassigned: true } }) { id } }',
      {},
      { token: cora },
    );
    assert.ok(shared.data, JSON.stringify(shared.errors));
    const member = await signedInPage(browser, api.url, 'sara.agent@example.com', problems);
    const views = member.getByRole('navigation', { name: 'Views' });
    await views.getByRole('link', { name: 'Desk triage' }).click();
    await member.waitForURL(/view=/);
    await member
      .getByRole('status')
      .filter({ hasText: /tickets?/ })
      .waitFor();

    const other = await signedInPage(browser, api.url, 'erik.engineer@example.com', problems);
    const otherViews = other.getByRole('navigation', { name: 'Views' });
    await otherViews.getByRole('link', { name: /All open/ }).waitFor();
    assert.equal(await otherViews.getByRole('link', { name: 'Desk triage' }).count(), 0);
    assert.deepEqual(problems, []);
  });
});
