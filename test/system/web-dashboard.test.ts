// The staff dashboard in a real browser (Debian's chromium, driven by playwright-core) against the real
// system. A coordinator opens it from the navigation: the open-tickets panel counts the ticket an
// employee just submitted, each chart says its numbers in a table, the window picker lives in the
// address, and axe-core finds no serious or critical violation. Screenshot: test-artifacts/web/dashboard.png.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser } from 'playwright-core';
import {
  axeViolations,
  screenshotPath,
  signIn,
  skipWithoutBrowser,
  startBrowserSystem,
  stopBrowserSystem,
  watchConsole,
} from '../support/browser.js';
import { type TestApi } from '../support/api.js';
import { type TestSystem } from '../support/system.js';

describe('the dashboard in a browser', { skip: skipWithoutBrowser }, () => {
  let sys: TestSystem;
  let api: TestApi;
  let browser: Browser;

  before(async () => {
    ({ sys, api, browser } = await startBrowserSystem());
  });

  after(async () => {
    await stopBrowserSystem({ sys, api, browser });
  });

  it('shows a coordinator the open tickets, breaches, resolution times and load', { timeout: 120_000 }, async () => {
    const employee = await api.signIn('erin.employee@example.com');
    const created = await api.gql(
      'mutation ($i: CreateTicketInput!) { createTicket(input: $i) { number } }',
      { i: { process: 'it-support', title: 'The projector in room 2 is dim', fields: { category: 'hardware' } } },
      { token: employee },
    );
    assert.ok(created.data, JSON.stringify(created.errors));

    const problems: string[] = [];
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    watchConsole(page, problems);
    await signIn(page, api.url, 'cora.coordinator@example.com');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();

    // The open-tickets panel: the new ticket is one open in it-support's New, in the drawing and the
    // table, by the process's name and the state's label.
    const open = page.getByRole('region', { name: 'Open tickets by state' });
    await open.getByRole('table', { name: /Open tickets by process and state, 1 in all/ }).waitFor();
    assert.deepEqual(await open.getByRole('row').allInnerTexts(), [
      'Process\tState\tOpen',
      'IT support request\tNew\t1',
    ]);
    assert.match(await open.locator('.hbars').innerText(), /New\s+1/);
    // The breaches chart has a bar for every day of the window, each zero here.
    const breaches = page.getByRole('region', { name: 'SLA breaches per day' });
    assert.equal(await breaches.locator('.daybar-slot').count(), 30);
    await breaches.getByText('0 breaches in the last 30 days').waitFor();
    await page.getByRole('region', { name: 'Time to resolve' }).getByText('No tickets done in this window.').waitFor();

    await page.screenshot({ path: screenshotPath('dashboard'), fullPage: true });
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], 'accessibility violations');

    // The window lives in the address: 7 days, kept over a reload; a made-up window falls back to 30.
    await page.getByLabel('Window').selectOption('7');
    await page.waitForURL(/\/dashboard\?days=7$/);
    await breaches.getByText('0 breaches in the last 7 days').waitFor();
    await page.reload();
    await breaches.getByText('0 breaches in the last 7 days').waitFor();
    assert.equal(await page.getByLabel('Window').inputValue(), '7');
    assert.equal(await breaches.locator('.daybar-slot').count(), 7);
    await page.goto(`${api.url}/dashboard?days=5`);
    await breaches.getByText('0 breaches in the last 30 days').waitFor();

    // Employees have no dashboard: no link, and the address is not found.
    const employeePage = await (await browser.newContext()).newPage();
    await signIn(employeePage, api.url, 'erin.employee@example.com');
    assert.equal(await employeePage.getByRole('link', { name: 'Dashboard' }).count(), 0);

    assert.deepEqual(problems, []);
  });
});
