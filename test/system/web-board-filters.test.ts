// The board's filters and done columns in a real browser against the real system: a filter in the
// address shows the server's filtered count ("2 of 3"), a filter changed in the bar reads the board
// again, a live change that stops matching takes the card off, and a done column shows the tickets
// done in its window, saying so. axe-core finds no serious or critical violation.
// Screenshot: test-artifacts/web/board-filters.png.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser, type Locator, type Page } from 'playwright-core';
import {
  axeViolations,
  DESKTOP,
  screenshotPath,
  signIn,
  skipWithoutBrowser,
  startBrowserSystem,
  stopBrowserSystem,
  watchConsole,
} from '../support/browser.js';
import { submitTickets, type TestApi } from '../support/api.js';
import { type TestSystem } from '../support/system.js';

describe('the board filtered in a browser', { skip: skipWithoutBrowser }, () => {
  let sys: TestSystem;
  let api: TestApi;
  let browser: Browser;
  const consoleProblems: string[] = [];
  const numbers: Record<string, string> = {};

  before(async () => {
    ({ sys, api, browser } = await startBrowserSystem());
    const erin = await api.signIn('erin.employee@example.com');
    const tickets: [string, string][] = [
      ['Printer A jams', 'high'],
      ['Printer B is offline', 'normal'],
      ['Laptop C will not boot', 'high'],
      ['Printer D was a mistake', 'high'],
    ];
    const submitted = await submitTickets(api, erin, tickets);
    tickets.forEach(([title], i) => (numbers[title.split(' ').slice(0, 2).join(' ')] = submitted[i]!));
    const withdrawn = await api.gql(
      'mutation ($n: String!) { moveTicket(number: $n, toState: "withdrawn") { state } }',
      { n: numbers['Printer D'] },
      { token: erin },
    );
    assert.ok(withdrawn.data, JSON.stringify(withdrawn.errors));
  });

  after(async () => {
    await stopBrowserSystem({ sys, api, browser });
  });

  const column = (page: Page, label: string): Locator =>
    page.locator('section.board-column').filter({ has: page.getByRole('heading', { name: label, level: 3 }) });
  const heading = (page: Page, label: string) => column(page, label).getByRole('heading', { level: 3 });

  it("shows the server's filtered counts, reads again on a change, and drops a card that stops matching", async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    watchConsole(page, consoleProblems);
    await signIn(page, api.url, 'cora.coordinator@example.com');
    await page.goto(`${api.url}/board?process=it-support&q=printer`);

    // The count is the server's: 2 of the 3 new tickets have "printer" in the title.
    await heading(page, 'New')
      .filter({ hasText: /2 of 3/ })
      .waitFor();
    assert.deepEqual(
      await column(page, 'New')
        .locator('[data-card]')
        .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-card'))),
      [numbers['Printer B'], numbers['Printer A']],
    );
    // Done columns hold what was done lately, and say how far back they reach.
    await column(page, 'Withdrawn').locator(`[data-card="${numbers['Printer D']}"]`).waitFor();
    const withdrawn = await heading(page, 'Withdrawn').innerText();
    assert.match(withdrawn, /1 of 1/);
    assert.match(withdrawn, /last 14 days/);
    assert.deepEqual(await axeViolations(page), [], 'accessibility violations');
    await page.screenshot({ path: screenshotPath('board-filters') });

    // A filter chosen in the bar goes into the address and the board is read again.
    await page.getByLabel('Priority').selectOption('high');
    await page.waitForURL(/priority=high/);
    await heading(page, 'New')
      .filter({ hasText: /1 of 3/ })
      .waitFor();
    assert.equal(await column(page, 'New').locator(`[data-card="${numbers['Printer B']}"]`).count(), 0);

    // A change made elsewhere that stops matching takes the card off the board, live.
    const lowered = await api.gql(
      'mutation ($n: String!) { setTicketPriority(number: $n, priority: low) { priority } }',
      { n: numbers['Printer A'] },
      { token: await api.signIn('cora.coordinator@example.com') },
    );
    assert.deepEqual(lowered.data, { setTicketPriority: { priority: 'low' } }, JSON.stringify(lowered.errors));
    await column(page, 'New')
      .locator(`[data-card="${numbers['Printer A']}"]`)
      .waitFor({ state: 'detached', timeout: 15_000 });
    await heading(page, 'New')
      .filter({ hasText: /0 of 3/ })
      .waitFor();
    await column(page, 'New').getByText('No card matches the filters.').waitFor();

    // Reloaded, the server agrees.
    await page.reload();
    await heading(page, 'New')
      .filter({ hasText: /0 of 3/ })
      .waitFor();
    assert.deepEqual(consoleProblems, []);
    await context.close();
  });
});
