// The web app in a real browser (Debian's chromium, driven by playwright-core) against the real
// system: the API serves the built app, a worker runs the tickets. An employee signs in, submits a
// ticket (on a form without the staff's fields; first without a required field, whose error shows
// beside it), finds it in My tickets,
// opens it, replies, downloads its file and sees an agent's move arrive live; at 1280×800 and at
// 390 px wide; with more tickets than a page, the pager shows the older ones below. Every page
// passes axe-core without serious or critical violations, and the console stays clean. Screenshots
// go to test-artifacts/web/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser, type Page } from 'playwright-core';
import {
  checkPage,
  DESKTOP,
  skipWithoutBrowser,
  startBrowserSystem,
  stopBrowserSystem,
  watchConsole,
} from '../support/browser.js';
import { type TestApi } from '../support/api.js';
import { eventually, type TestSystem } from '../support/system.js';

const EMPLOYEE = { email: 'erin.employee@example.com', password: 'ticketflow-demo' };
const MOBILE = { width: 390, height: 844 };
/** A 1×1 PNG: a picture, which the default attachment types take. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe('the web app in a browser', { skip: skipWithoutBrowser }, () => {
  let sys: TestSystem;
  let api: TestApi;
  let browser: Browser;
  let page: Page;
  const consoleProblems: string[] = [];
  let renewals = 0;

  before(async () => {
    // Access tokens of 65 s, which the app renews 60 s before they expire: every 5 s through the test,
    // live streams included.
    ({ sys, api, browser } = await startBrowserSystem({ accessTtlSeconds: 65 }));
    page = await browser.newPage({ viewport: DESKTOP, acceptDownloads: true });
    watchConsole(page, consoleProblems);
    page.on('response', async (response) => {
      if (!response.request().postData()?.includes('mutation Refresh')) return;
      const body = (await response.json().catch(() => ({}))) as { data?: { refreshToken?: unknown } };
      if (body.data?.refreshToken) renewals++;
    });
  });

  after(async () => {
    await stopBrowserSystem({ sys, api, browser });
  });

  const check = (name: string) => checkPage(page, name);

  it('signs an employee in, submits a ticket, finds it, opens it and replies', { timeout: 120_000 }, async () => {
    await page.goto(api.url);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await check('sign-in');

    // A registration waits for an admin.
    await page.getByRole('link', { name: 'Register' }).click();
    await page.getByLabel('Name').fill('Nina Newcomer');
    await page.getByLabel('Email').fill('nina.newcomer@example.com');
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByText('waits for an admin to approve it').waitFor();
    await check('registered');
    await page.getByRole('link', { name: 'Back to sign in' }).click();

    // A wrong password says so, and signs no one in.
    await page.getByLabel('Email').fill(EMPLOYEE.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('Wrong email or password.').waitFor();
    await page.getByLabel('Password').fill(EMPLOYEE.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My tickets' }).waitFor();
    await page.getByText('You have not submitted any tickets yet.').waitFor();
    await check('my-tickets-empty');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New ticket' }).click();
    // With neither tickets nor groups of her own, the form starts on the first process.
    const processes = page.getByLabel('What do you need?');
    assert.equal(await processes.inputValue(), await processes.locator('option').first().getAttribute('value'));
    await processes.selectOption('it-support');
    // The form has only the fields an employee sets: none of the staff's (the question for them, the resolution).
    await page.getByLabel('Category').waitFor();
    assert.equal(await page.getByLabel('Resolution').count(), 0);
    assert.equal(await page.getByLabel('Question to the requester').count(), 0);
    await page.getByLabel('Title').fill('The printer on floor 3 jams');
    await page.getByLabel('Description').fill('Every second page.\nSince Monday.');
    await page.getByLabel('Attachment').setInputFiles({ name: 'jam.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('button', { name: 'Submit ticket' }).click();

    // The required category was left empty: the API's error shows beside it, tied to the field.
    const category = page.getByLabel('Category');
    await page.getByText('Category is required.').waitFor();
    assert.equal(await category.getAttribute('aria-invalid'), 'true');
    const describedBy = (await category.getAttribute('aria-describedby')) ?? '';
    assert.match(await page.locator(`[id="${describedBy.split(' ')[0]}"]`).innerText(), /Category is required\./);
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-invalid') === 'true');
    assert.ok(await category.evaluate((el) => el === document.activeElement), 'the field at fault has the focus');
    assert.equal((await sys.db.selectFrom('tickets').select('number').execute()).length, 0, 'no ticket was made');
    await check('new-ticket-error');

    await category.selectOption('hardware');
    await page.getByRole('button', { name: 'Submit ticket' }).click();
    await page.getByRole('heading', { name: 'The printer on floor 3 jams' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/tickets/IT-000001');
    await page.getByRole('button', { name: 'jam.png' }).waitFor();
    await page.getByText('Every second page.').waitFor();

    await page.getByLabel('Your reply').fill('It also smells of toner.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    const conversation = page.getByRole('region', { name: 'Conversation' });
    await conversation.getByRole('listitem').filter({ hasText: 'It also smells of toner.' }).waitFor();
    // Once sent, the reply box is empty again.
    await page.waitForFunction(
      () => (document.querySelector('form.composer textarea') as HTMLTextAreaElement).value === '',
    );
    await page.getByRole('region', { name: 'Timeline' }).getByText('replied').waitFor();
    await check('ticket');

    // The file downloads with the access token (a plain link could not send it).
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'jam.png' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'jam.png');

    // The access token is renewed before it expires, and the live stream goes on with the new one.
    const renewed = renewals;
    await eventually(async () => (renewals > renewed ? true : undefined), 15_000, 'a renewal of the access token');

    // An agent starts work elsewhere: the page shows it without a reload (ticketEvents over SSE).
    const agentEmail = (
      await sys.db
        .selectFrom('tickets')
        .innerJoin('users', 'users.id', 'tickets.assignee_id')
        .select('users.email')
        .where('number', '=', 'IT-000001')
        .executeTakeFirstOrThrow()
    ).email;
    const moved = await api.gql(
      'mutation { moveTicket(number: "IT-000001", toState: "in_progress") { state } }',
      {},
      { token: await api.signIn(agentEmail) },
    );
    assert.deepEqual(moved.data, { moveTicket: { state: 'in_progress' } }, JSON.stringify(moved.errors));
    await page.locator('.ticket-header').getByText('In progress').waitFor();

    await page.getByRole('link', { name: 'My tickets' }).first().click();
    const item = page.getByRole('listitem').filter({ hasText: 'The printer on floor 3 jams' });
    await item.getByText('In progress').waitFor();
    await item.getByText('IT-000001').waitFor();
    await check('my-tickets');
  });

  it('is usable 390 px wide', { timeout: 60_000 }, async () => {
    await page.setViewportSize(MOBILE);
    await page.goto(`${api.url}/tickets`);
    // A reload keeps the sign-in: the refresh cookie brings a new access token.
    await page.getByRole('heading', { name: 'My tickets' }).waitFor();
    await page.getByText('The printer on floor 3 jams').waitFor();
    await check('mobile-my-tickets');
    await page.getByRole('link', { name: 'The printer on floor 3 jams' }).click();
    await page.getByRole('heading', { name: 'The printer on floor 3 jams' }).waitFor();
    await check('mobile-ticket');
    // The header is one row: the navigation folds into the Menu button.
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New ticket' }).click();
    await page.getByLabel('Title').waitFor();
    // Her ticket so far is an IT support request: the form starts there.
    assert.equal(await page.getByLabel('What do you need?').inputValue(), 'it-support');
    await check('mobile-new-ticket');
  });

  it('shows more of My tickets with the pager, a page at a time', { timeout: 120_000 }, async () => {
    await page.setViewportSize(DESKTOP);
    const token = await api.signIn(EMPLOYEE.email);
    for (let i = 1; i <= 20; i++) {
      const created = await api.gql(
        'mutation ($i: CreateTicketInput!) { createTicket(input: $i) { number } }',
        { i: { process: 'it-support', title: `Paged ticket ${i}`, fields: { category: 'software' } } },
        { token },
      );
      assert.ok(created.data, JSON.stringify(created.errors));
    }
    await page.goto(`${api.url}/tickets`);
    await page.getByText('Tickets 1–20 of 21, newest first').waitFor();
    assert.equal(await page.getByText('The printer on floor 3 jams').count(), 0, 'the oldest is on the next page');
    await page.getByRole('button', { name: 'Load more tickets' }).click();
    await page.getByText('Tickets 1–21 of 21, newest first').waitFor();
    await page.getByText('The printer on floor 3 jams').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Load more tickets' }).count(), 0);
    await check('my-tickets-more');
  });

  it('signs out, and a reload stays signed out', { timeout: 30_000 }, async () => {
    await page.setViewportSize(DESKTOP);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.deepEqual(consoleProblems, [], 'the console stays clean');
  });
});
