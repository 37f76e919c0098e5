// Canned replies and macros in a real browser (Debian's chromium, playwright-core) against the real
// system. On the ticket page an agent works by keys: `r` writes a reply, `n` a note, `a` goes to the
// assignee control ("Take it"), `m` opens the macro dialog; a canned reply goes in at the caret filled
// for the ticket (the requester's first name, the ticket's number); a macro shows what it will do, a
// refused one says so in words naming the part and changes nothing, an accepted one replies and moves
// the ticket at once. A coordinator makes a canned reply on /macros with the placeholder picker and
// its preview, and deletes it after a confirmation. axe-core finds no serious or critical violation at
// 1440 and 390 px. Screenshots go to test-artifacts/web/ (macros-*.png).
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

const CREATE = 'mutation ($i: MacroInput!) { createMacro(input: $i) { id } }';

/** Leaves whatever field has the focus, so that the next key is a shortcut. */
const leaveField = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('canned replies and macros in a browser', { skip: skipWithoutBrowser }, () => {
  let sys: TestSystem;
  let api: TestApi;
  let browser: Browser;
  let number = '';
  const consoleProblems: string[] = [];

  before(async () => {
    ({ sys, api, browser } = await startBrowserSystem());
    [number = ''] = await submitTickets(api, await api.signIn('erin.employee@example.com'), [['Projector in room 4']]);
    const cora = await api.signIn('cora.coordinator@example.com');
    // Unassigned, so that the agent has "Take it" to go to: once the round-robin assignment is done, which
    // would otherwise give it to someone after this.
    await sys.tickets.settle(number);
    const back = await api.gql(
      'mutation ($n: String!) { assignTicket(number: $n, userId: null) { number } }',
      { n: number },
      { token: cora },
    );
    assert.equal(back.errors, undefined);
    const macros = [
      {
        kind: 'reply',
        name: 'Quick hello',
        group: 'service-desk',
        body: 'Hi {{requester.firstName}}, about {{ticket.number}}: ',
      },
      {
        kind: 'macro',
        name: 'Close as duplicate',
        group: 'service-desk',
        process: 'it-support',
        body: 'This duplicates another ticket.',
        fields: { resolution: 'Duplicate' },
        transition: 'resolve',
      },
      {
        kind: 'macro',
        name: 'Start now',
        group: 'service-desk',
        process: 'it-support',
        body: 'We are on it, {{requester.firstName}}.',
        transition: 'start',
      },
    ];
    for (const i of macros) assert.equal((await api.gql(CREATE, { i }, { token: cora })).errors, undefined);
  });

  after(async () => {
    await stopBrowserSystem({ sys, api, browser });
  });

  it(
    'works a ticket by keys: r, n, a, a canned reply, a refused macro and an applied one',
    { timeout: 240_000 },
    async () => {
      const page = await signedInPage(browser, api.url, 'sam.agent@example.com', consoleProblems);
      await page.goto(`${api.url}/tickets/${number}`);
      await page.getByRole('heading', { name: 'Projector in room 4', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Take it' }).waitFor();
      await page.getByLabel('Insert reply').waitFor();

      await page.keyboard.press('n');
      await page.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
      assert.ok(await page.getByRole('radio', { name: 'Internal note' }).isChecked(), 'n writes a note');
      assert.equal(await focusedId(page), `composer-${number}`);
      await leaveField(page);
      await page.keyboard.press('a');
      await page.waitForFunction(() => document.activeElement?.id === 'take-it');
      await leaveField(page);
      await page.keyboard.press('r');
      await page.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
      assert.ok(await page.getByRole('radio', { name: 'Reply' }).isChecked(), 'r writes a reply');

      // A canned reply, filled for this ticket, goes in where the caret is and stays in the draft.
      await page.keyboard.type('Thanks for asking.');
      await page.keyboard.press('Home');
      await page.getByLabel('Insert reply').selectOption({ label: 'Quick hello' });
      await page.getByLabel('Insert reply').focus();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      const box = page.getByLabel('Reply to Erin Employee');
      await page.waitForFunction(
        (id) => (document.getElementById(id) as HTMLTextAreaElement).value.startsWith('Hi Erin'),
        `composer-${number}`,
      );
      assert.equal(await box.inputValue(), `Hi Erin, about ${number}: Thanks for asking.`);
      await checkPage(page, 'macros-ticket-composer');

      // `m`: the macros this ticket offers; one shows what it will do before it is applied.
      await leaveField(page);
      await page.keyboard.press('m');
      const dialog = page.getByRole('dialog', { name: 'Apply a macro' });
      await dialog.getByRole('radio', { name: 'Close as duplicate' }).check();
      await dialog.getByText('Takes Resolve').waitFor();
      await dialog.getByText('This duplicates another ticket.').waitFor();
      await checkPage(page, 'macros-ticket-dialog');
      await dialog.getByRole('button', { name: 'Apply' }).click();
      const refusal = dialog.getByRole('alert');
      await refusal.waitFor();
      assert.match(
        (await refusal.textContent())!,
        /The macro “Close as duplicate” was not applied: Resolve cannot be done while this ticket is New/,
      );
      assert.match((await refusal.textContent())!, /Refused: its transition\. Nothing was changed\./);
      assert.equal(await page.locator('li.comment').count(), 0, 'no comment was left');

      await dialog.getByRole('radio', { name: 'Start now' }).check();
      await dialog.getByRole('button', { name: 'Apply' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.locator('li.comment-public').filter({ hasText: 'We are on it, Erin.' }).waitFor();
      await page.locator('.ticket-header .badge', { hasText: 'In progress' }).waitFor();
      // What was being typed is still there.
      assert.equal(await box.inputValue(), `Hi Erin, about ${number}: Thanks for asking.`);

      for (const width of [1440, 390]) {
        await page.setViewportSize({ width, height: 900 });
        await checkPage(page, `macros-ticket-${width}`);
      }
      await page.context().close();
      assert.deepEqual(consoleProblems, []);
    },
  );

  it(
    'lets a coordinator make a canned reply with placeholders, preview it and delete it',
    { timeout: 180_000 },
    async () => {
      const page = await signedInPage(browser, api.url, 'cora.coordinator@example.com', consoleProblems);
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Macros' })
        .first()
        .click()
        .catch(async () => {
          await page.goto(`${api.url}/macros`);
        });
      await page.getByRole('heading', { name: 'Canned replies and macros', level: 1 }).waitFor();
      await page.getByText('Quick hello').first().waitFor();
      await page.getByRole('button', { name: 'New canned reply or macro' }).click();
      await page.getByLabel('Name').fill('Follow-up');
      await page.getByLabel('Group').selectOption({ label: 'Service desk' });
      const text = page.getByLabel('Text');
      await text.fill('Hello ');
      await page.getByRole('button', { name: "Requester's first name" }).click();
      await page.waitForFunction(() =>
        (document.getElementById('macro-body') as HTMLTextAreaElement).value.includes('{{'),
      );
      assert.equal(await text.inputValue(), 'Hello {{requester.firstName}}');
      await page.locator('.macro-preview').getByText('Hello Erin').waitFor();
      for (const width of [1440, 390]) {
        await page.setViewportSize({ width, height: 900 });
        await checkPage(page, `macros-page-form-${width}`);
      }
      await page.getByRole('button', { name: 'Save' }).click();
      const item = page.locator('li.macro-item').filter({ has: page.getByRole('heading', { name: 'Follow-up' }) });
      await item.waitFor();

      // An unknown placeholder is refused in words, beside the text.
      await page.getByRole('button', { name: 'New canned reply or macro' }).click();
      await page.getByLabel('Name').fill('Broken');
      await page.getByLabel('Group').selectOption({ label: 'Service desk' });
      await page.getByLabel('Text').fill('Hi {{requester.nick}}');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText(/The placeholder \{\{requester\.nick\}\} is not one Ticketflow fills/).waitFor();
      await page.getByRole('button', { name: 'Cancel' }).click();

      await item.getByRole('button', { name: 'Delete Follow-up' }).click();
      await item.getByRole('button', { name: 'Yes, delete' }).click();
      await item.waitFor({ state: 'detached' });
      for (const width of [1440, 390]) {
        await page.setViewportSize({ width, height: 900 });
        await checkPage(page, `macros-page-${width}`);
      }
      await page.context().close();
      assert.deepEqual(consoleProblems, []);
    },
  );
});
