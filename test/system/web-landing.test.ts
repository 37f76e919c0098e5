// Where people land and the board on a phone, in a real browser (Debian's chromium) against the real
// system. Staff land after sign-in, and on "/", on their default view of the queue (the board opened
// without a process shows an engineer engineering-change, not the first by key); employees on My
// tickets. A page load sends the refresh and, for staff landing on their queue, its first page at once
// (web/src/boot/early.ts), once; two tabs loading together stay signed in. At 390 px the header is one row
// and its Menu button opens the navigation; a tap on a card's Move button (a touch screen) asks where to
// and moves the ticket, without starting a drag. Screen readers hear a keyboard drag in the cards'
// titles and the columns' labels, never state keys. axe-core finds no serious or critical violation.
// Screenshots: test-artifacts/web/landing-phone-menu.png, landing-phone-move.png.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser, type Page } from 'playwright-core';
import {
  axeViolations,
  boardCard,
  overflowOf,
  screenshotPath,
  signedInPage,
  signIn,
  skipWithoutBrowser,
  startBrowserSystem,
  stopBrowserSystem,
  watchConsole,
} from '../support/browser.js';
import { submitTickets, type TestApi } from '../support/api.js';
import { type TestSystem } from '../support/system.js';

const PHONE = { width: 390, height: 844 };

describe('landing, and the board on a phone', { skip: skipWithoutBrowser }, () => {
  let sys: TestSystem;
  let api: TestApi;
  let browser: Browser;
  const problems: string[] = [];

  before(async () => {
    ({ sys, api, browser } = await startBrowserSystem());
    await submitTickets(api, await api.signIn('erin.employee@example.com'), [
      ['The printer on floor 3 jams'],
      ['VPN drops every hour'],
    ]);
  });
  after(async () => {
    await stopBrowserSystem({ sys, api, browser });
  });

  const processShown = (page: Page) => page.getByRole('search', { name: 'Board filters' }).getByLabel('Process');

  it(
    'lands staff on their default view of the queue and employees on their tickets',
    { timeout: 120_000 },
    async () => {
      const agent = await signedInPage(browser, api.url, 'sam.agent@example.com', problems);
      await agent.getByRole('heading', { name: 'Queue', level: 1 }).waitFor();
      assert.equal(new URL(agent.url()).pathname, '/queue');
      // The default view, "My open tickets", is the one shown.
      await agent
        .getByRole('navigation', { name: 'Views' })
        .getByRole('link', { name: /My open tickets/ })
        .and(agent.locator('[aria-current="page"]'))
        .waitFor();
      // "/" leads there too.
      await agent.goto(`${api.url}/`);
      await agent.waitForURL(`${api.url}/queue`);

      // The board without a process opens on the engineer's own process, not the first by key.
      const engineer = await signedInPage(browser, api.url, 'erik.engineer@example.com', problems);
      await engineer.waitForURL(`${api.url}/queue`);
      await engineer.goto(`${api.url}/board`);
      await engineer.getByRole('heading', { name: 'Board', level: 1 }).waitFor();
      await engineer.waitForFunction(
        () =>
          (document.querySelector('.board-filters select') as HTMLSelectElement | null)?.value === 'engineering-change',
      );
      assert.equal(await processShown(engineer).inputValue(), 'engineering-change');

      const employee = await signedInPage(browser, api.url, 'erin.employee@example.com', problems);
      await employee.getByRole('heading', { name: 'My tickets', level: 1 }).waitFor();
      assert.equal(new URL(employee.url()).pathname, '/tickets');
      assert.deepEqual(problems, []);
    },
  );

  it(
    "sends the queue's first query with the session on a page load, once, and keeps two tabs signed in",
    {
      timeout: 120_000,
    },
    async () => {
      const agent = await signedInPage(browser, api.url, 'sam.agent@example.com', problems);
      await agent.waitForURL(`${api.url}/queue`);
      const sent = operationsOf(agent);
      await agent.goto(`${api.url}/`);
      await agent.waitForURL(`${api.url}/queue`);
      await agent
        .getByRole('status')
        .filter({ hasText: /^\d+ tickets?/ })
        .waitFor();
      await agent.waitForTimeout(500); // anything the page sends late would be counted too
      // The refresh, then at once the queue's first page: no chain of requests before it, none again after.
      const load = sent.slice(sent.indexOf('Refresh')); // what the page being left sent last is not this load's
      assert.deepEqual(load.slice(0, 2), ['Refresh', 'QueuePage'], sent.join(', '));
      assert.equal(sent.filter((name) => name === 'QueuePage').length, 1, sent.join(', '));

      // Two tabs of one browser loading at once trade the one refresh cookie in turn: both stay signed in.
      const other = await agent.context().newPage();
      watchConsole(other, problems);
      await Promise.all([agent.reload(), other.goto(`${api.url}/`)]);
      for (const tab of [agent, other]) {
        await tab.waitForURL(`${api.url}/queue`);
        await tab
          .getByRole('status')
          .filter({ hasText: /^\d+ tickets?/ })
          .waitFor();
      }
      await other.close();

      // An address with a filter, and employees, get no early queue query: the page asks what it shows.
      const filtered = operationsOf(agent);
      // A value in any case is taken; one that names nothing is left out, and the page says so in words.
      await agent.goto(`${api.url}/queue?priority=HIGH&sla=soon`);
      await agent.getByRole('alert').filter({ hasText: 'SLA “soon” is none of At risk, Breached, Met' }).waitFor();
      await agent.getByRole('button', { name: /Priority: High/ }).waitFor();
      await agent
        .getByRole('status')
        .filter({ hasText: /^\d+ tickets?/ })
        .waitFor();
      assert.equal(filtered.filter((name) => name === 'QueuePage').length, 1, filtered.join(', '));
      const employee = await signedInPage(browser, api.url, 'erin.employee@example.com', problems);
      await employee.waitForURL(`${api.url}/tickets`);
      const theirs = operationsOf(employee);
      await employee.goto(`${api.url}/`);
      await employee.getByRole('heading', { name: 'My tickets', level: 1 }).waitFor();
      assert.ok(!theirs.includes('QueuePage'), theirs.join(', '));
      assert.deepEqual(problems, []);
    },
  );

  it('fits the header in one row at 390 px and opens the navigation from Menu', { timeout: 120_000 }, async () => {
    const page = await (await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true })).newPage();
    watchConsole(page, problems);
    await signIn(page, api.url, 'cora.coordinator@example.com');
    const header = page.locator('header.topbar');
    const menu = header.getByRole('button', { name: 'Menu' });
    const brand = header.getByRole('link', { name: 'Ticketflow' });
    const bell = header.getByRole('link', { name: /^Notifications, / });
    const [h, m, b, n] = await Promise.all([header, menu, brand, bell].map((l) => l.boundingBox()));
    assert.ok(h && m && b && n);
    assert.ok(h.height <= 72, `the header is one row: ${h.height} px high`);
    for (const box of [m, n]) assert.ok(Math.abs(box.y + box.height / 2 - (b.y + b.height / 2)) < 12, 'one row');
    assert.equal(await overflowOf(page), 0, 'nothing wider than the phone');
    const nav = page.getByRole('navigation', { name: 'Main' });
    assert.equal(await nav.isVisible(), false, 'the navigation is folded');
    assert.equal(await menu.getAttribute('aria-expanded'), 'false');

    await menu.tap();
    assert.equal(await menu.getAttribute('aria-expanded'), 'true');
    await nav.getByRole('link', { name: 'Dashboard' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.screenshot({ path: screenshotPath('landing-phone-menu') });
    assert.deepEqual(await axeViolations(page), [], 'accessibility violations with the menu open');
    // Escape folds it, the focus back on the button; a choice folds it too.
    await nav.getByRole('link', { name: 'Dashboard' }).focus();
    await page.keyboard.press('Escape');
    assert.equal(await nav.isVisible(), false);
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Menu');
    await menu.tap();
    await nav.getByRole('link', { name: 'Dashboard' }).tap();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    assert.equal(await nav.isVisible(), false, 'folded on the next page');
    assert.deepEqual(problems, []);
  });

  it('moves a ticket by a tap on Move, on a touch screen', { timeout: 120_000 }, async () => {
    const page = await (await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true })).newPage();
    watchConsole(page, problems);
    await signIn(page, api.url, 'cora.coordinator@example.com');
    await page.goto(`${api.url}/board?process=it-support`);
    const move = boardCard(page, 'New', 'IT-000002').getByRole('button', { name: 'Move IT-000002' });
    await move.tap();
    const dialog = page.getByRole('dialog', { name: 'Move IT-000002 to…' });
    await dialog.waitFor();
    assert.equal(await page.locator('.board-card-slot.is-dragging').count(), 0, 'the tap started no drag');
    await page.screenshot({ path: screenshotPath('landing-phone-move') });
    assert.deepEqual(await axeViolations(page), [], 'accessibility violations of the chooser');
    // Only the columns the ticket may go to; Cancel leaves it.
    const choices = await dialog.getByRole('listitem').allInnerTexts();
    assert.ok(choices.includes('In progress'), choices.join(', '));
    assert.ok(!choices.includes('New'), 'not its own column');
    await dialog.getByRole('button', { name: 'Cancel' }).tap();
    await dialog.waitFor({ state: 'detached' });
    await boardCard(page, 'New', 'IT-000002').waitFor();

    await move.tap();
    await dialog.getByRole('button', { name: 'In progress' }).tap();
    await boardCard(page, 'In progress', 'IT-000002').waitFor({ timeout: 20_000 });
    await page.getByText('IT-000002 moved to In progress.').waitFor();
    const row = await sys.db.selectFrom('tickets').select('state').where('number', '=', 'IT-000002').executeTakeFirst();
    assert.equal(row?.state, 'in_progress');
    assert.equal(await overflowOf(page), 0, 'the board scrolls, not the page');
    assert.deepEqual(problems, []);
  });

  it('announces a keyboard drag with the card’s title and the columns’ labels', { timeout: 120_000 }, async () => {
    const page = await signedInPage(browser, api.url, 'sam.agent@example.com', problems);
    await page.goto(`${api.url}/board?process=it-support`);
    const handle = boardCard(page, 'New', 'IT-000001').getByRole('button', { name: 'Move IT-000001' });
    await handle.waitFor();
    const instructions = await page.evaluate(
      (id) => (id ? document.getElementById(id)?.textContent : null),
      await handle.getAttribute('aria-describedby'),
    );
    assert.match(instructions ?? '', /press Space or Enter to pick it up/);
    const said: string[] = [];
    const region = page.locator('[id^="DndLiveRegion"]');
    const heard = async (pattern: RegExp) => {
      await page
        .waitForFunction(
          (source) =>
            [...document.querySelectorAll('[id^="DndLiveRegion"]')].some((r) =>
              new RegExp(source).test(r.textContent ?? ''),
            ),
          pattern.source,
          { timeout: 10_000 },
        )
        .catch(async (error: unknown) => {
          const regions = await region.allTextContents();
          throw new Error(`not heard ${pattern}; the live regions say ${JSON.stringify(regions)}`, { cause: error });
        });
      said.push((await region.allTextContents()).join(' '));
    };
    await handle.focus();
    await page.keyboard.press('Space');
    await heard(/Picked up IT-000001, The printer on floor 3 jams(\.|, in its column New\.)/);
    await page.keyboard.press('ArrowRight');
    await heard(/IT-000001, The printer on floor 3 jams is over the column In progress\./);
    await page.keyboard.press('Escape');
    await heard(/Moving IT-000001, The printer on floor 3 jams was cancelled/);
    for (const line of said) {
      assert.doesNotMatch(line, /droppable|draggable item|in_progress|_/, line);
    }
    await boardCard(page, 'New', 'IT-000001').waitFor();
    assert.deepEqual(problems, []);
  });
});

/** The names of the GraphQL operations the page sends from now on, in order (urql sends short queries
 * by GET). */
function operationsOf(page: Page): string[] {
  const names: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname !== '/graphql') return;
    const body = request.method() === 'POST' ? (request.postDataJSON() as { operationName?: string } | null) : null;
    const name = url.searchParams.get('operationName') ?? body?.operationName;
    if (name) names.push(name);
  });
  return names;
}
