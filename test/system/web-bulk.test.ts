// Bulk actions on the board in a real browser (Debian's chromium via playwright-core) against the real
// system: a coordinator turns on "Select", selects every card of two columns (30 tickets: 25 new, 5
// withdrawn by their requester), assigns them all to herself, and sees each ticket's result — 25
// applied, 5 refused in words ("Ticket IT-000001 is closed: it can no longer change") — with the refused
// ones kept selected; the board shows the new assignee. `x` selects a focused card. axe-core finds no
// serious or critical violation at 1440 and at 390 px wide. Screenshots: test-artifacts/web/bulk-*.png.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser } from 'playwright-core';
import {
  axeViolations,
  boardCard,
  boardColumn,
  overflowOf,
  screenshotPath,
  signedInPage,
  skipWithoutBrowser,
  startBrowserSystem,
  stopBrowserSystem,
} from '../support/browser.js';
import type { TestApi } from '../support/api.js';
import type { TestSystem } from '../support/system.js';

describe('bulk actions on the board in a browser', { skip: skipWithoutBrowser }, () => {
  let sys: TestSystem;
  let api: TestApi;
  let browser: Browser;
  const consoleProblems: string[] = [];
  let open: string[] = [];
  let withdrawn: string[] = [];

  before(async () => {
    ({ sys, api, browser } = await startBrowserSystem());
    const erin = await sys.person('erin.employee@example.com');
    const created = [];
    // One at a time: the round-robin assignment of each is part of what settles.
    for (let i = 0; i < 30; i++) {
      const { ticket } = await sys.tickets.create(
        {
          process: 'it-support',
          title: `Bulk ${String(i + 1).padStart(2, '0')}`,
          requester: { userId: erin.userId },
          fields: { category: 'hardware' },
        },
        erin,
      );
      created.push(ticket.number);
    }
    await Promise.all(created.map((n) => sys.tickets.settle(n)));
    // Round-robin gave some to Cora herself: all go to Sam first, so that each is Cora's to take.
    const cora = await sys.person('cora.coordinator@example.com');
    const sam = await sys.person('sam.agent@example.com');
    await Promise.all(created.map((n) => sys.tickets.reassign(n, cora, { userId: sam.userId })));
    withdrawn = created.slice(0, 5);
    open = created.slice(5);
    for (const number of withdrawn) await sys.tickets.move(number, erin, { transition: 'withdraw' });
  });

  after(async () => {
    await stopBrowserSystem({ sys, api, browser });
  });

  it('lets a coordinator bulk-assign 30 tickets and see each result, the refused ones kept selected', async () => {
    const page = await signedInPage(browser, api.url, 'cora.coordinator@example.com', consoleProblems);
    await page.setViewportSize({ width: 1440, height: 900 });
    // Staff land on their default view: the board is a page away.
    await page.goto(`${api.url}/board?process=it-support`);
    // Columns list the newest first, and show only the cards in view: the newest are at hand.
    const newest = open.at(-1)!;
    await boardCard(page, 'New', newest).waitFor();
    await boardCard(page, 'Withdrawn', withdrawn.at(-1)!).waitFor();

    // `x` on a focused card turns selecting on and selects it; x again lets it go.
    await boardCard(page, 'New', newest).getByRole('link', { name: newest }).focus();
    await page.keyboard.press('x');
    const toolbar = page.getByRole('region', { name: 'Bulk actions' });
    await toolbar.getByText('1 selected').waitFor();
    await page.keyboard.press('x');
    await toolbar.getByText('0 selected').waitFor();

    await boardColumn(page, 'New').getByLabel('Select all 25 in New').check();
    await boardColumn(page, 'Withdrawn').getByLabel('Select all 5 in Withdrawn').check();
    await toolbar.getByText('30 selected').waitFor();
    assert.equal(
      await boardCard(page, 'Withdrawn', withdrawn[2]!).getByLabel(`Select ${withdrawn[2]}`).isChecked(),
      true,
    );

    await toolbar.getByLabel('Action').selectOption({ label: 'Assign' });
    await toolbar.getByLabel('Assign to').selectOption({ label: 'Cora Coordinator' });
    await page.screenshot({ path: screenshotPath('bulk-selected') });
    assert.deepEqual(await axeViolations(page), [], 'selected: accessibility violations');
    await toolbar.getByRole('button', { name: 'Apply to 30' }).click();

    const heading = toolbar.getByRole('heading', { name: 'Results: 25 applied, 5 refused' });
    await heading.waitFor({ timeout: 60_000 }).catch(async (error: unknown) => {
      await page.screenshot({ path: screenshotPath('bulk-failed'), fullPage: true });
      throw error;
    });
    // Screen readers hear the same summary from the live region.
    assert.equal(await toolbar.getByRole('status').textContent(), '25 applied, 5 refused');
    const results = toolbar.locator('.bulk-result');
    assert.equal(await results.count(), 30, 'every ticket has its result');
    for (const number of withdrawn) {
      const row = toolbar.locator(`.bulk-result[data-number="${number}"]`);
      assert.match(
        await row.innerText(),
        new RegExp(`Refused[\\s\\S]*Ticket ${number} is closed: it can no longer change`),
      );
    }
    for (const number of open.slice(0, 3)) {
      const row = toolbar.locator(`.bulk-result[data-number="${number}"]`);
      assert.match(await row.innerText(), /Applied[\s\S]*Assigned to Cora Coordinator/);
    }
    // The refused ones stay selected for another try; the applied ones are let go.
    await toolbar.getByText('5 selected').waitFor();
    assert.equal(await boardCard(page, 'New', newest).getByLabel(`Select ${newest}`).isChecked(), false);
    await boardCard(page, 'New', newest).getByText('Cora Coordinator').waitFor();
    const rows = await sys.db
      .selectFrom('tickets')
      .select(['number', 'assignee_id'])
      .where('number', 'in', open)
      .execute();
    const cora = await sys.person('cora.coordinator@example.com');
    assert.ok(
      rows.every((r) => r.assignee_id === cora.userId),
      'the 25 open tickets are Cora’s',
    );

    await page.screenshot({ path: screenshotPath('bulk-results'), fullPage: true });
    assert.deepEqual(await axeViolations(page), [], 'results at 1440: accessibility violations');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: screenshotPath('bulk-results-390'), fullPage: true });
    assert.deepEqual(await axeViolations(page), [], 'results at 390: accessibility violations');
    assert.ok((await overflowOf(page)) <= 0, 'nothing wider than a phone');
    assert.deepEqual(consoleProblems, []);
  });
});
