// Search and the command palette in a real browser (Debian's chromium, playwright-core) against the real
// system, keyboard only: an agent opens the palette with Ctrl+K, types a ticket number and Enter —
// the ticket opens —, then a word from a public comment (the hit's snippet marks it) and a word from an
// internal note; Escape closes the palette and focus goes back where it was. An employee does the same
// on their own tickets and never finds the note; "see all results" lists them on /search. axe-core finds
// no serious or critical violation, at 1440 and at 390 px (the header's Search button on a phone).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser, type Page } from 'playwright-core';
import { submitTickets, type TestApi } from '../support/api.js';
import {
  checkPage,
  signedInPage,
  skipWithoutBrowser,
  startBrowserSystem,
  stopBrowserSystem,
} from '../support/browser.js';
import { type TestSystem } from '../support/system.js';

const COMMENT = `mutation ($n: String!, $b: String!, $v: CommentVisibility) { addComment(number: $n, body: $b, visibility: $v) { number } }`;

describe('search and the command palette in a browser', { skip: skipWithoutBrowser }, () => {
  let sys: TestSystem;
  let api: TestApi;
  let browser: Browser;
  let printer = '';
  let badge = '';
  const consoleProblems: string[] = [];

  before(async () => {
    ({ sys, api, browser } = await startBrowserSystem());
    const erin = await api.signIn('erin.employee@example.com');
    [printer = '', badge = ''] = await submitTickets(api, erin, [['The printer on floor 3 jams'], ['Badge reader']]);
    const sam = await api.signIn('sam.agent@example.com');
    for (const [body, v] of [
      ['Replaced the toner with a pelican cartridge.', 'public'],
      ['Vendor case opened: albatross support line.', 'internal'],
    ] as const) {
      const done = await api.gql(COMMENT, { n: printer, b: body, v }, { token: sam });
      assert.equal(done.errors, undefined, JSON.stringify(done.errors));
    }
  });

  after(async () => {
    await stopBrowserSystem({ sys, api, browser });
  });

  const palette = (page: Page) => page.getByRole('dialog', { name: 'Search and commands' });
  const combobox = (page: Page) => page.getByRole('combobox', { name: 'Search tickets, views and actions' });

  /** Opens the palette by Ctrl+K and types `text` into it. */
  async function typeInPalette(page: Page, text: string) {
    await page.keyboard.press('Control+k');
    await combobox(page).waitFor();
    assert.ok(await combobox(page).evaluate((el) => el === document.activeElement), 'the combobox has focus');
    await page.keyboard.type(text);
  }

  /** The options of the Tickets section once the search for the typed text answered. */
  async function ticketOptions(page: Page, text: string) {
    const group = page.getByRole('group', { name: 'Tickets' });
    await page.waitForFunction((typed) => {
      const hint = document.querySelector('.palette-hint')?.textContent ?? '';
      const input = document.querySelector<HTMLInputElement>('#palette-input');
      return input?.value === typed && !hint.startsWith('Searching');
    }, text);
    return group.getByRole('option').allTextContents();
  }

  it('finds tickets by number and by a comment’s word for an agent, keyboard only', { timeout: 240_000 }, async () => {
    const page = await signedInPage(browser, api.url, 'sam.agent@example.com', consoleProblems);
    await page.setViewportSize({ width: 1440, height: 900 });

    // A number, loosely typed, and Enter at once: the ticket opens.
    await typeInPalette(page, `it${Number(printer.split('-')[1])}`);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'The printer on floor 3 jams', level: 1 }).waitFor();
    assert.equal(await palette(page).isVisible(), false, 'the palette closed');

    // A word of a public comment: the hit shows the snippet with the word marked.
    await typeInPalette(page, 'pelican');
    const options = await ticketOptions(page, 'pelican');
    assert.equal(options.length, 1, JSON.stringify(options));
    assert.match(options[0]!, /The printer on floor 3 jams/);
    const mark = palette(page).getByRole('option').first().locator('mark');
    assert.equal((await mark.textContent())?.toLowerCase(), 'pelican');
    await checkPage(page, 'search-palette-agent');

    // Staff find internal notes of their group's tickets.
    await page.keyboard.press('Control+a');
    await page.keyboard.type('albatross');
    assert.equal((await ticketOptions(page, 'albatross')).length, 1);

    // Arrow keys reach the actions; Escape closes and focus returns to where it was.
    await page.keyboard.press('Control+a');
    await page.keyboard.type('dashboard');
    await page.getByRole('option', { name: 'Go to Dashboard' }).waitFor();
    await ticketOptions(page, 'dashboard');
    const active = async () =>
      page.evaluate(() => {
        const id = document.querySelector('#palette-input')?.getAttribute('aria-activedescendant');
        return id ? document.getElementById(id)?.textContent : null;
      });
    for (let i = 0; i < 10 && (await active()) !== 'Go to Dashboard'; i++) await page.keyboard.press('ArrowDown');
    assert.equal(await active(), 'Go to Dashboard');
    await page.keyboard.press('Escape');
    assert.equal(await palette(page).isVisible(), false);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main', 'focus is back on the page');
    await page.keyboard.press('Control+k');
    await page.keyboard.type('dashboard');
    await page.getByRole('option', { name: 'Go to Dashboard' }).waitFor();
    for (let i = 0; i < 10 && (await active()) !== 'Go to Dashboard'; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await page.context().close();
  });

  it('finds an employee’s own tickets, never an internal note, at 390 px too', { timeout: 240_000 }, async () => {
    const page = await signedInPage(browser, api.url, 'erin.employee@example.com', consoleProblems);
    await page.setViewportSize({ width: 1440, height: 900 });
    await typeInPalette(page, badge);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Badge reader', level: 1 }).waitFor();

    await typeInPalette(page, 'pelican');
    assert.equal((await ticketOptions(page, 'pelican')).length, 1);
    await checkPage(page, 'search-palette-employee');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('albatross');
    assert.deepEqual(await ticketOptions(page, 'albatross'), [], 'the requester never finds the note');
    await page.keyboard.press('Escape');

    // On a phone: the header's Search button, by keyboard; then the results page.
    await page.setViewportSize({ width: 390, height: 844 });
    const button = page.getByRole('button', { name: 'Search', exact: true });
    await button.focus();
    await page.keyboard.press('Enter');
    await combobox(page).waitFor();
    await page.keyboard.type('pelican');
    await ticketOptions(page, 'pelican');
    await checkPage(page, 'search-palette-phone');
    await page.keyboard.press('Escape');
    assert.ok(await button.evaluate((el) => el === document.activeElement), 'focus is back on the Search button');

    await page.goto(`${api.url}/search?q=printer`);
    const results = page.getByRole('list', { name: 'Results' });
    await results.getByRole('link', { name: 'The printer on floor 3 jams' }).waitFor();
    assert.equal((await results.locator('mark').first().textContent())?.toLowerCase(), 'printer');
    await checkPage(page, 'search-results-phone');
    assert.deepEqual(consoleProblems, []);
  });
});
