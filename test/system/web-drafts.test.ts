// Drafts in a real browser (Debian's chromium, driven by playwright-core) against the real system:
// nothing typed is lost. A reply typed on a ticket's page is on the server within a second, survives a
// reload, shows in another browser of the same person, and goes once sent; the app asks before its own
// navigation leaves the unsent text. Typed while saves cannot reach the API, it is kept in the browser
// and saved once they can; typed while the API restarts, it is saved when the API is back; it is there
// again after signing out and in; typed in a tab closed while the API was down, it is sent from the
// next page the browser opens. Fields typed in the board's move dialog survive a lost race (another
// person moved the ticket first: CONFLICT) and come back when the move is asked again, then go once the
// move is made; so do those of a ticket page's transition form through a reload. The console stays
// clean but for the requests the test cuts off.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser, type Page } from 'playwright-core';
import { webDist } from '../../scripts/web-build.js';
import {
  boardCard,
  checkPage,
  PASSWORD,
  signedInPage,
  skipWithoutBrowser,
  startBrowserSystem,
  stopBrowserSystem,
} from '../support/browser.js';
import { startTestApi, submitTickets, type TestApi } from '../support/api.js';
import { eventually, type TestSystem } from '../support/system.js';

const ERIN = 'erin.employee@example.com';

describe('drafts in a browser', { skip: skipWithoutBrowser }, () => {
  let sys: TestSystem;
  let api: TestApi;
  let browser: Browser;
  let numbers: string[];
  const consoleProblems: string[] = [];

  before(async () => {
    ({ sys, api, browser } = await startBrowserSystem());
    numbers = await submitTickets(api, await api.signIn(ERIN), [['The printer on floor 3 jams'], ['VPN drops']]);
  });

  after(async () => {
    await stopBrowserSystem({ sys, api, browser });
  });

  /** The person's draft of the ticket in the slot, as the server holds it. */
  async function serverDraft(email: string, number: string, slot: string): Promise<unknown> {
    const row = await sys.db
      .selectFrom('ticket_drafts')
      .innerJoin('tickets', 'tickets.id', 'ticket_drafts.ticket_id')
      .innerJoin('users', 'users.id', 'ticket_drafts.user_id')
      .select('ticket_drafts.value')
      .where('users.email', '=', email)
      .where('tickets.number', '=', number)
      .where('ticket_drafts.slot', '=', slot)
      .executeTakeFirst();
    return row?.value;
  }

  /** Waits until the server holds `value` (undefined: no draft) for the person's slot. */
  const serverHas = (email: string, number: string, slot: string, value: unknown) =>
    eventually(
      async () => (JSON.stringify(await serverDraft(email, number, slot)) === JSON.stringify(value) ? true : undefined),
      15_000,
      `the server's ${slot} draft to be ${JSON.stringify(value)}`,
    );

  async function ticketPage(page: Page, number: string): Promise<void> {
    await page.goto(`${api.url}/tickets/${number}`);
    await page.getByRole('heading', { name: 'Conversation' }).waitFor();
  }

  it(
    'keeps a reply through a reload, on another device, an unreachable API and a restart, and drops it once sent',
    { timeout: 180_000 },
    async () => {
      const number = numbers[0]!;
      const page = await signedInPage(browser, api.url, ERIN, consoleProblems);
      const questions: string[] = [];
      let answer = true;
      page.on('dialog', (dialog) => {
        questions.push(`${dialog.type()}: ${dialog.message()}`);
        void (answer ? dialog.accept() : dialog.dismiss());
      });
      await ticketPage(page, number);
      const reply = page.getByLabel('Your reply');
      await reply.fill('The jam is in tray 2');
      await serverHas(ERIN, number, 'reply', 'The jam is in tray 2');

      // The app's own navigation asks first: staying keeps the page and the text.
      answer = false;
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My tickets' }).click();
      await eventually(async () => (questions.some((q) => q.startsWith('confirm:')) ? true : undefined), 5_000);
      assert.match(
        questions.find((q) => q.startsWith('confirm:'))!,
        /not sent/,
      );
      assert.equal(await reply.inputValue(), 'The jam is in tray 2');
      answer = true;

      // A reload (the browser may ask first: beforeunload) brings it back from the server.
      await page.reload();
      await page.getByRole('heading', { name: 'Conversation' }).waitFor();
      await eventually(async () => ((await reply.inputValue()) === 'The jam is in tray 2' ? true : undefined));
      await checkPage(page, 'drafts-reply-restored');

      // Another device of the same person: the server's draft shows there too.
      const other = await signedInPage(browser, api.url, ERIN, consoleProblems);
      await ticketPage(other, number);
      await eventually(async () =>
        (await other.getByLabel('Your reply').inputValue()) === 'The jam is in tray 2' ? true : undefined,
      );
      await other.close();

      // Saves that cannot reach the API: the text stays in this browser, through a reload too, and is
      // saved once they can.
      await page.route('**/graphql', (route) =>
        route.request().postData()?.includes('mutation SaveDraft') ? route.abort() : route.continue(),
      );
      await reply.fill('The jam is in tray 2, since the toner change');
      await page.waitForTimeout(1_500);
      assert.equal(await serverDraft(ERIN, number, 'reply'), 'The jam is in tray 2', 'not saved yet');
      await page.reload();
      await page.getByRole('heading', { name: 'Conversation' }).waitFor();
      assert.equal(await reply.inputValue(), 'The jam is in tray 2, since the toner change', 'kept in the browser');
      await page.unroute('**/graphql');
      await serverHas(ERIN, number, 'reply', 'The jam is in tray 2, since the toner change');

      // The API restarts while more is typed: saved once it is back, on the same address.
      const port = Number(new URL(api.url).port);
      await api.stop();
      await reply.fill('Tray 2 jams since the toner change');
      await page.waitForTimeout(1_000);
      api = await startTestApi(sys, { webDist, port });
      await serverHas(ERIN, number, 'reply', 'Tray 2 jams since the toner change');
      await page.reload();
      await page.getByRole('heading', { name: 'Conversation' }).waitFor();
      await eventually(async () =>
        (await reply.inputValue()) === 'Tray 2 jams since the toner change' ? true : undefined,
      );

      // A new sign-in (signed out, then in again): the draft is the person's, not the sign-in's.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.getByLabel('Email').fill(ERIN);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      // Signed in again where they were: the ticket's page, the draft restored from the server.
      await page.getByRole('heading', { name: 'Conversation' }).waitFor();
      await eventually(async () =>
        (await reply.inputValue()) === 'Tray 2 jams since the toner change' ? true : undefined,
      );

      // Sent: the box empties, the server's draft is gone, a reload brings nothing back.
      await page.getByRole('button', { name: 'Send reply' }).click();
      await page.locator('.comments').getByText('Tray 2 jams since the toner change').waitFor();
      // The comment shows as the answer comes in; the box empties as the send completes.
      await eventually(async () => ((await reply.inputValue()) === '' ? true : undefined));
      await serverHas(ERIN, number, 'reply', undefined);
      await page.reload();
      await page.getByRole('heading', { name: 'Conversation' }).waitFor();
      await page.waitForTimeout(1_000);
      assert.equal(await reply.inputValue(), '');
      assert.equal(
        await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('ticketflow:draft:')).length),
        0,
        'no copy left in the browser',
      );
      // And the app leaves the page without asking.
      questions.length = 0;
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My tickets' }).click();
      await page.getByRole('heading', { name: 'My tickets' }).waitFor();
      assert.deepEqual(questions, []);
      await page.close();
    },
  );

  it(
    'sends a draft left in a tab closed while the API was down at the next page opened',
    { timeout: 120_000 },
    async () => {
      const number = numbers[0]!;
      const page = await signedInPage(browser, api.url, ERIN, consoleProblems);
      await ticketPage(page, number);
      const port = Number(new URL(api.url).port);
      await api.stop();
      await page.getByLabel('Your reply').fill('Typed while the API was down');
      await page.waitForTimeout(1_000);
      await page.close();
      api = await startTestApi(sys, { webDist, port });
      assert.equal(await serverDraft(ERIN, number, 'reply'), undefined, 'nothing reached the server');
      // Another page of the same browser, not the ticket's: the copy is sent all the same.
      const next = await page.context().newPage();
      await next.goto(api.url);
      await next.getByRole('heading', { name: 'My tickets' }).waitFor();
      await serverHas(ERIN, number, 'reply', 'Typed while the API was down');
      await eventually(async () =>
        (await next.evaluate(
          () => Object.keys(localStorage).filter((k) => k.startsWith('ticketflow:draft:')).length,
        )) === 0
          ? true
          : undefined,
      );
      await next.context().close();
    },
  );

  it(
    'keeps the fields of a move dialog through a lost race, and drops them once the move is made',
    { timeout: 180_000 },
    async () => {
      const number = numbers[1]!;
      const sam = await sys.person('sam.agent@example.com');
      const cora = await sys.person('cora.coordinator@example.com');
      const erin = await sys.person(ERIN);
      await sys.tickets.move(number, sam, { transition: 'start' });
      // A board that hears no live events: it goes on showing the ticket as it was.
      const agent = await signedInPage(browser, api.url, 'sam.agent@example.com', consoleProblems, async (context) => {
        await context.route('**/graphql', (route) =>
          route.request().postData()?.includes('subscription BoardEvents') ? undefined : route.continue(),
        );
      });
      agent.on('dialog', (dialog) => void dialog.accept());
      await agent.goto(`${api.url}/board?process=it-support`);
      const openResolve = async () => {
        await boardCard(agent, 'In progress', number)
          .getByRole('button', { name: `Move ${number}` })
          .focus();
        await agent.keyboard.press('Space');
        await agent.waitForTimeout(300);
        await agent.keyboard.press('ArrowRight');
        await agent.waitForTimeout(300);
        await agent.keyboard.press('Space');
        const dialog = agent.getByRole('dialog', { name: `Move ${number} to Resolved` });
        await dialog.getByLabel('Resolution').waitFor();
        return dialog;
      };
      let dialog = await openResolve();
      await dialog.getByLabel('Resolution').fill('Replaced the VPN client');
      await serverHas('sam.agent@example.com', number, 'move:resolve', { resolution: 'Replaced the VPN client' });

      // Meanwhile the coordinator asks the requester, who answers: the ticket is back in progress, changed.
      await sys.tickets.move(number, cora, { transition: 'ask_requester', fields: { question: 'Which laptop?' } });
      await sys.tickets.move(number, erin, { transition: 'requester_replied' });
      await dialog.getByRole('button', { name: 'Resolve' }).click();
      await agent
        .getByRole('alert')
        .getByText(new RegExp(`${number} changed meanwhile`))
        .waitFor();
      assert.equal(await dialog.count(), 0, 'the dialog closed');
      assert.equal((await sys.tickets.get(number)).state, 'in_progress', 'the move was not made');
      await serverHas('sam.agent@example.com', number, 'move:resolve', { resolution: 'Replaced the VPN client' });

      // Asked again: what was typed is there; made, its draft is gone.
      dialog = await openResolve();
      await eventually(async () =>
        (await dialog.getByLabel('Resolution').inputValue()) === 'Replaced the VPN client' ? true : undefined,
      );
      await checkPage(agent, 'drafts-move-restored');
      await dialog.getByRole('button', { name: 'Resolve' }).click();
      await agent.getByText(`${number} moved to Resolved.`).waitFor();
      await serverHas('sam.agent@example.com', number, 'move:resolve', undefined);
      assert.equal((await sys.tickets.get(number)).state, 'resolved');
      await agent.close();
    },
  );

  it("keeps the fields of a ticket page's transition form through a reload", { timeout: 120_000 }, async () => {
    const number = numbers[0]!;
    await sys.tickets.move(number, await sys.person('sam.agent@example.com'), { transition: 'start' });
    const agent = await signedInPage(browser, api.url, 'sam.agent@example.com', consoleProblems);
    agent.on('dialog', (dialog) => void dialog.accept());
    const actions = agent.getByRole('region', { name: 'Actions' });
    const openForm = async () => {
      await agent.goto(`${api.url}/tickets/${number}`);
      await actions.getByRole('button', { name: 'Resolve' }).click();
      return actions.getByLabel('Resolution');
    };
    await (await openForm()).fill('Cleaned the rollers');
    await serverHas('sam.agent@example.com', number, 'move:resolve', { resolution: 'Cleaned the rollers' });
    const resolution = await openForm();
    await eventually(async () => ((await resolution.inputValue()) === 'Cleaned the rollers' ? true : undefined));
    await actions.getByRole('button', { name: 'Resolve' }).click();
    await eventually(async () => ((await sys.tickets.get(number)).state === 'resolved' ? true : undefined));
    await serverHas('sam.agent@example.com', number, 'move:resolve', undefined);
    await agent.close();
  });

  it('leaves the console clean but for the requests the test itself cut off', () => {
    const cutOff = /Failed to load resource|net::ERR_/;
    assert.deepEqual(
      consoleProblems.filter((problem) => !cutOff.test(problem)),
      [],
    );
  });
});
