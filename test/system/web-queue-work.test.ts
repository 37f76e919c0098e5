// Working the queue in a real browser (Debian's chromium) against the real system — issue 18's flows
// beyond the basics of web-queue.test.ts: an agent lands on their default view, moves with j/k, opens a
// ticket with Enter, applies a macro with `m`, comes Back to the list showing the ticket's new state with
// the focus on the same row; bulk from the list (three rows by x, assign); a coordinator saves a view
// shared with her group through the Save as… dialog (members see it, others do not); the filters of an
// address shown as chips in words that remove on click. axe finds nothing at 1440 and 390 px, the
// Save as… dialog open too. An agent's personal view from Save as… to Delete view: saved into after a
// change, its columns kept with it, made default (where "/" lands), found by the palette.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser, type Page } from 'playwright-core';
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

describe('working the queue in a browser', { skip: skipWithoutBrowser }, () => {
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
      ['Badge does not open the door', 'high'],
    ]);
    // "Start and acknowledge" is one of the demo macros the system starts with (platform/macros/demo.ts).
    const sam = await api.signIn('sam.agent@example.com');
    const chosen = await api.gql('mutation { setDefaultView(id: "open") { id } }', {}, { token: sam });
    assert.ok(chosen.data, JSON.stringify(chosen.errors));
  });
  after(async () => {
    await stopBrowserSystem({ sys, api, browser });
  });

  const rowsOf = (page: Page) => page.getByRole('list', { name: 'Tickets' }).getByRole('listitem');
  const numbersOf = (page: Page) =>
    rowsOf(page)
      .locator('a.queue-open')
      .evaluateAll((links) => links.map((a) => /IT-\d+/.exec(a.textContent ?? '')![0]));
  const focused = (page: Page) => page.evaluate(() => /IT-\d+/.exec(document.activeElement?.textContent ?? '')?.[0]);

  it(
    'j/k, Enter, a macro by m, Back: the list shows the new state, the focus on the same row',
    { timeout: 120_000 },
    async () => {
      const page = await signedInPage(browser, api.url, 'sam.agent@example.com', problems);
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.getByRole('status').filter({ hasText: '5 tickets' }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/queue');
      const numbers = await numbersOf(page);
      for (const key of ['j', 'j', 'j', 'k']) await page.keyboard.press(key);
      assert.equal(await focused(page), numbers[1]);
      const row = rowsOf(page).filter({ hasText: numbers[1]! });
      assert.match((await row.textContent()) ?? '', /New/);

      await page.keyboard.press('Enter');
      await page.waitForURL(`${api.url}/tickets/${numbers[1]}`);
      await page.getByRole('button', { name: 'Apply macro' }).waitFor();
      await page.keyboard.press('m');
      const dialog = page.getByRole('dialog', { name: 'Apply a macro' });
      await dialog.getByRole('radio', { name: 'Start and acknowledge' }).check();
      await dialog.getByRole('button', { name: 'Apply' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByText('In progress').first().waitFor();

      await page.goBack();
      await page.waitForURL(`${api.url}/queue`);
      await row.filter({ hasText: 'In progress' }).waitFor();
      await page.waitForFunction(
        (n) =>
          (document.activeElement?.matches('a.queue-open') ?? false) &&
          document.activeElement!.textContent!.includes(n),
        numbers[1]!,
      );
      assert.deepEqual(problems, []);
    },
  );

  it('bulk from the list: three rows selected with x, assigned; the list shows it', { timeout: 120_000 }, async () => {
    const page = await signedInPage(browser, api.url, 'sam.agent@example.com', problems);
    await page.getByRole('status').filter({ hasText: '5 tickets' }).waitFor();
    const numbers = await numbersOf(page);
    for (const key of ['j', 'x', 'j', 'x', 'j', 'x']) await page.keyboard.press(key);
    await page.getByRole('status').filter({ hasText: '3 selected' }).waitFor();
    const toolbar = page.getByRole('region', { name: 'Bulk actions' });
    await toolbar.getByLabel('Action').selectOption({ label: 'Assign' });
    await toolbar.getByLabel('Assign to').selectOption({ label: 'Sam Agent' });
    await toolbar.getByRole('button', { name: 'Apply to 3' }).click();
    const results = toolbar.getByRole('heading', { name: /^Results: / });
    await results.waitFor();
    assert.doesNotMatch((await results.textContent()) ?? '', /[1-9]\d* refused|not done/);
    // The list is asked again: the three rows show their assignee (an agent assigns to himself), the selection is let go.
    for (const n of numbers.slice(0, 3))
      await rowsOf(page).filter({ hasText: n }).filter({ hasText: 'Sam Agent' }).waitFor();
    assert.equal(await page.getByRole('checkbox', { name: /^Select IT-/, checked: true }).count(), 0);

    // Select all on the page, then none.
    await page.getByRole('checkbox', { name: 'Select every ticket on the page' }).check();
    await page.getByRole('status').filter({ hasText: '5 selected' }).waitFor();
    await page.getByRole('checkbox', { name: 'Select every ticket on the page' }).uncheck();
    assert.equal(await page.getByRole('status').filter({ hasText: 'selected' }).count(), 0);
    assert.deepEqual(problems, []);
  });

  it(
    'a coordinator saves a view shared with her group by Save as…; members see it, others not',
    { timeout: 120_000 },
    async () => {
      const page = await signedInPage(browser, api.url, 'cora.coordinator@example.com', problems);
      await page.goto(`${api.url}/queue?priority=high&open=1`);
      await page.getByRole('status').filter({ hasText: '2 tickets' }).waitFor();
      await page.getByRole('button', { name: 'Save as…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Save as a new view' });
      await dialog.getByLabel('Name').fill('   ');
      await dialog.getByRole('button', { name: 'Save' }).click();
      // Refused in words beside the name; what was typed stays.
      await dialog
        .getByText(/Name/)
        .filter({ hasText: /at least|required|empty/i })
        .waitFor();
      await dialog.getByLabel('Name').fill('High and open');
      await dialog.getByLabel('Share with group').selectOption({ label: 'Service desk' });
      for (const width of [1440, 390]) {
        await page.setViewportSize({ width, height: 900 });
        assert.deepEqual(await axeViolations(page), [], `accessibility violations, dialog open, at ${width} px`);
      }
      await dialog.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL(/view=/);
      const views = page.getByRole('navigation', { name: 'Views' });
      await views.getByRole('link', { name: /High and open/ }).waitFor();
      await page.getByRole('status').filter({ hasText: '2 tickets' }).waitFor();

      const member = await signedInPage(browser, api.url, 'sam.agent@example.com', problems);
      await member
        .getByRole('navigation', { name: 'Views' })
        .getByRole('link', { name: /High and open/ })
        .waitFor();
      const other = await signedInPage(browser, api.url, 'erik.engineer@example.com', problems);
      const otherViews = other.getByRole('navigation', { name: 'Views' });
      await otherViews.getByRole('link', { name: /All open/ }).waitFor();
      assert.equal(await otherViews.getByRole('link', { name: /High and open/ }).count(), 0);
      assert.deepEqual(problems, []);
    },
  );

  it(
    'filters from an address show as chips in words and go on click; axe at 1440 and 390 px',
    { timeout: 120_000 },
    async () => {
      const page = await signedInPage(browser, api.url, 'sam.agent@example.com', problems);
      await page.goto(`${api.url}/queue?group=service-desk&priority=high&open=1&createdAfter=2020-12-01`);
      const chips = page.getByRole('list', { name: 'Active filters' });
      for (const words of ['Group: Service desk', 'Priority: High', 'Open only', 'Created from 1 Dec 2020'])
        await chips.getByRole('button', { name: words }).waitFor();
      await page.getByRole('status').filter({ hasText: '2 tickets' }).waitFor();
      for (const width of [1440, 390]) {
        await page.setViewportSize({ width, height: 900 });
        assert.deepEqual(await axeViolations(page), [], `accessibility violations at ${width} px`);
      }
      assert.ok((await overflowOf(page)) <= 0, 'nothing wider than a phone');
      await chips.getByRole('button', { name: 'Priority: High' }).click();
      await page.getByRole('status').filter({ hasText: '5 tickets' }).waitFor();
      assert.ok(!new URL(page.url()).searchParams.has('priority'));
      assert.equal(await chips.getByRole('button', { name: /Priority/ }).count(), 0);
      // The filter bar shows what the address says.
      assert.equal(await page.getByRole('combobox', { name: 'Group', exact: true }).inputValue(), 'service-desk');
      assert.deepEqual(problems, []);
    },
  );

  it(
    "a personal view's life: saved, refined and saved into, columns kept, made default, found by the palette, deleted",
    { timeout: 120_000 },
    async () => {
      const page = await signedInPage(browser, api.url, 'sara.agent@example.com', problems);
      const views = page.getByRole('navigation', { name: 'Views' });
      const count = (n: number) => page.getByRole('status').filter({ hasText: `${n} ticket` });
      await page.goto(`${api.url}/queue?open=1&priority=high`);
      await count(2).waitFor();
      await page.getByRole('button', { name: 'Save as…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Save as a new view' });
      // An agent coordinates no group: the view is theirs alone, and the dialog says so.
      await dialog.getByText('Only you will see this view.').waitFor();
      assert.equal(await dialog.getByLabel('Share with group').count(), 0);
      await dialog.getByLabel('Name').fill('Hot ones');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL(/view=/);
      await views
        .getByRole('link', { name: /Hot ones/ })
        .and(page.locator('[aria-current="page"]'))
        .waitFor();

      // What the view asks is said in words; refined by the filter bar, then saved into the view: opened
      // again, it asks the new filter.
      await page.getByText('“Hot ones” lists: Priority: High · Open only').waitFor();
      await page.getByRole('textbox', { name: 'Text' }).fill('Printer');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await count(1).waitFor();
      await page.getByRole('button', { name: 'Save view' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved “Hot ones”.' }).waitFor();
      await views.getByRole('link', { name: /All open/ }).click();
      await views
        .getByRole('link', { name: /All open/ })
        .and(page.locator('[aria-current="page"]'))
        .waitFor();
      await views.getByRole('link', { name: /Hot ones/ }).click();
      await page.getByText('“Hot ones” lists: Priority: High · Text: “Printer” · Open only').waitFor();
      await count(1).waitFor();

      // Columns chosen for one's own view are saved with it: they show after a reload.
      await page.locator('summary', { hasText: 'Columns' }).click();
      await page.getByRole('checkbox', { name: 'Priority' }).uncheck();
      await page.getByRole('status').filter({ hasText: 'Columns saved.' }).waitFor();
      await page.reload();
      await count(1).waitFor();
      const labels = page.locator('.queue-head-labels');
      await labels.getByText('Title').waitFor();
      assert.equal(await labels.getByText('Priority', { exact: true }).count(), 0, 'the column stays away');

      // Made default: "/" lands on it. The palette lists it among the views.
      await page.getByRole('button', { name: 'Make “Hot ones” my default' }).click();
      await views.getByRole('link', { name: /Hot ones.*\(default\)/ }).waitFor();
      await page.goto(`${api.url}/`);
      await views
        .getByRole('link', { name: /Hot ones/ })
        .and(page.locator('[aria-current="page"]'))
        .waitFor();
      await page.keyboard.press('Control+k');
      const palette = page.getByRole('dialog', { name: 'Search and commands' });
      await palette.getByRole('combobox').fill('Hot');
      await palette.getByRole('option', { name: /Hot ones/ }).waitFor();
      await page.keyboard.press('Escape');

      // Deleted: gone from the views, and "/" lands on My open tickets again.
      page.once('dialog', (d) => void d.accept());
      await page.getByRole('button', { name: 'Delete view' }).click();
      await views
        .getByRole('link', { name: /My open tickets/ })
        .and(page.locator('[aria-current="page"]'))
        .waitFor();
      assert.equal(await views.getByRole('link', { name: /Hot ones/ }).count(), 0);
      await page.goto(`${api.url}/`);
      await views.getByRole('link', { name: /My open tickets.*\(default\)/ }).waitFor();
      assert.deepEqual(problems, []);
    },
  );
});
