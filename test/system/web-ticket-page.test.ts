// The staff ticket page in a real browser (Debian's chromium, playwright-core) against the real system.
// An agent opens a ticket from the board and works it by keyboard alone — Tab, arrows, Enter, typing:
// an internal note (Ctrl+Enter sends), takes the ticket, sets a staff field, replies, starts and
// resolves it (the resolution already set, nothing asked again). The requester's page shows the
// reply and not the note; a coordinator gives the ticket to someone else of its group, away people
// marked. axe-core finds no serious or critical violation at 1440 and 390 px, there and on the other
// pages this work changed (the new ticket form, the board, the notifications).
// Screenshots go to test-artifacts/web/ (ticket-staff*.png, ticket-requester.png).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { submitTickets, type TestApi } from '../support/api.js';
import {
  checkPage,
  signedInPage,
  skipWithoutBrowser,
  startBrowserSystem,
  stopBrowserSystem,
} from '../support/browser.js';
import { type TestSystem } from '../support/system.js';

/** Presses Tab until `target` has the focus (at most `limit` times): how a keyboard user gets there. */
async function tabTo(page: Page, target: Locator, limit = 120): Promise<void> {
  await target.waitFor();
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

describe('the staff ticket page in a browser', { skip: skipWithoutBrowser }, () => {
  let sys: TestSystem;
  let api: TestApi;
  let browser: Browser;
  let number = '';
  const consoleProblems: string[] = [];

  before(async () => {
    ({ sys, api, browser } = await startBrowserSystem());
    [number = ''] = await submitTickets(api, await api.signIn('erin.employee@example.com'), [
      ['The printer on floor 3 jams'],
    ]);
    // Back to the queue, so that the agent has to take it: once the round-robin assignment is done, which
    // would otherwise give it to someone (the agent, maybe) after this.
    await sys.tickets.settle(number);
    const coordinator = await api.signIn('cora.coordinator@example.com');
    const back = await api.gql(
      'mutation ($n: String!) { assignTicket(number: $n, userId: null) { number } }',
      { n: number },
      { token: coordinator },
    );
    assert.equal(back.errors, undefined);
  });

  after(async () => {
    await stopBrowserSystem({ sys, api, browser });
  });

  it('lets an agent work a ticket from the board by keyboard alone', { timeout: 240_000 }, async () => {
    const page = await signedInPage(browser, api.url, 'sam.agent@example.com', consoleProblems);
    await page.goto(`${api.url}/board?process=it-support`);
    await tabTo(page, page.getByRole('link', { name: number, exact: true }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'The printer on floor 3 jams', level: 1 }).waitFor();
    await checkPage(page, 'ticket-staff');

    // An internal note: the toggle is one Tab stop, arrows switch it; Ctrl+Enter sends.
    await tabTo(page, page.getByRole('radio', { name: 'Reply' }));
    await page.keyboard.press('ArrowRight');
    assert.ok(await page.getByRole('radio', { name: 'Internal note' }).isChecked());
    await tabTo(page, page.getByLabel('Internal note (only staff see it)'));
    await page.keyboard.type('Floor 3 printer: the fuser is worn. @co');
    // @ and a few letters list the staff they may mean; Enter writes the chosen one in.
    await page.getByRole('option', { name: /Cora Coordinator/ }).waitFor();
    await page.keyboard.press('Enter');
    await page.keyboard.type('please order a new one.');
    await page.keyboard.press('Control+Enter');
    const note = page.locator('li.comment-internal').filter({ hasText: 'the fuser is worn' });
    await note.waitFor();
    assert.match((await note.textContent())!, /Internal note/);
    assert.match((await note.textContent())!, /@cora\.coordinator please order a new one\./);

    // Takes the ticket.
    await tabTo(page, page.getByRole('button', { name: 'Take it' }));
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Ticket' }).getByText('Sam Agent').waitFor();

    // Sets the resolution, a field only staff fill in; a wrong value would be named before sending.
    await tabTo(page, page.getByLabel('Resolution'));
    await page.keyboard.type('Replaced the fuser.');
    await tabTo(page, page.getByRole('button', { name: 'Save change' }));
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Save change' }).and(page.locator(':disabled')).waitFor();

    // A public reply: back to Reply with the arrows.
    await tabTo(page, page.getByRole('radio', { name: 'Internal note' }));
    await page.keyboard.press('ArrowLeft');
    await tabTo(page, page.getByLabel('Reply to Erin Employee'));
    await page.keyboard.type('We are replacing a worn part; it prints again this afternoon.');
    await page.keyboard.press('Control+Enter');
    await page.locator('li.comment-public').filter({ hasText: 'prints again this afternoon' }).waitFor();

    // Starts work, then resolves: the resolution is set already, so nothing is asked again.
    await tabTo(page, page.getByRole('button', { name: 'Start work' }));
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByRole('button', { name: 'Resolve' }));
    await page.keyboard.press('Enter');
    await page.locator('.ticket-header .badge', { hasText: 'Resolved' }).waitFor();
    await checkPage(page, 'ticket-staff-resolved');

    await page.setViewportSize({ width: 390, height: 844 });
    await checkPage(page, 'ticket-staff-phone');
    await page.context().close();

    // The requester sees the reply and never the note.
    const requester = await signedInPage(browser, api.url, 'erin.employee@example.com', consoleProblems);
    await requester.goto(`${api.url}/tickets/${number}`);
    await requester.locator('li.comment-public').filter({ hasText: 'prints again this afternoon' }).waitFor();
    assert.equal(await requester.getByText('the fuser is worn').count(), 0);
    assert.equal(await requester.getByRole('radio', { name: 'Internal note' }).count(), 0);
    await checkPage(requester, 'ticket-requester');
    await requester.context().close();
    assert.deepEqual(consoleProblems, []);
  });

  it('shows who else is on the ticket, and who is typing', { timeout: 120_000 }, async () => {
    const agent = await signedInPage(browser, api.url, 'sam.agent@example.com', consoleProblems);
    const coordinator = await signedInPage(browser, api.url, 'cora.coordinator@example.com', consoleProblems);
    await agent.goto(`${api.url}/tickets/${number}`);
    await coordinator.goto(`${api.url}/tickets/${number}`);
    const seenByAgent = agent.getByRole('status', { name: 'Who else is on this ticket' });
    const seenByCoordinator = coordinator.getByRole('status', { name: 'Who else is on this ticket' });
    await seenByAgent.getByText('Cora Coordinator is viewing').waitFor();
    await seenByCoordinator.getByText('Sam Agent is viewing').waitFor();
    await agent.getByRole('radio', { name: 'Internal note' }).check();
    await agent.getByLabel('Internal note (only staff see it)').pressSequentially('Looking at the logs');
    await seenByCoordinator.getByText('Sam Agent is typing…').waitFor();
    // The coordinator's page, closed, leaves the agent's list.
    await coordinator.context().close();
    await seenByAgent.getByText('Cora Coordinator is viewing').waitFor({ state: 'detached' });
    await agent.context().close();
  });

  it("shows staff their own request to another group as its requester's page", { timeout: 120_000 }, async () => {
    const [asked = ''] = await submitTickets(api, await api.signIn('erik.engineer@example.com'), [
      ['My laptop dock is dead'],
    ]);
    const page = await signedInPage(browser, api.url, 'erik.engineer@example.com', consoleProblems);
    // The page knows whom it shows as staff once it has read the groups: the checks wait for that.
    const groupsRead = page.waitForResponse((response) => {
      const request = response.request();
      return `${request.url()} ${request.postData() ?? ''}`.includes('MentionableStaff');
    });
    await page.goto(`${api.url}/tickets/${asked}`);
    await groupsRead;
    await page.getByLabel('Your reply').waitFor();
    assert.equal(await page.getByRole('radio', { name: 'Internal note' }).count(), 0);
    assert.equal(await page.getByRole('region', { name: 'Ticket' }).count(), 0, 'no assignee or priority to change');
    assert.equal(await page.getByRole('region', { name: 'Fields' }).count(), 0, 'no fields to edit');
    await page.context().close();
  });

  it(
    'has no accessibility violation on the pages this work changed, at 1440 and 390 px',
    { timeout: 180_000 },
    async () => {
      const pages: [email: string, path: string, ready: string][] = [
        ['erin.employee@example.com', '/tickets/new', 'New ticket'],
        ['erin.employee@example.com', `/tickets/${number}`, 'The printer on floor 3 jams'],
        ['sam.agent@example.com', '/board?process=it-support', 'Board'],
        ['cora.coordinator@example.com', `/tickets/${number}`, 'The printer on floor 3 jams'],
        ['cora.coordinator@example.com', '/notifications', 'Notifications'],
      ];
      for (const [email, path, heading] of pages) {
        const page = await signedInPage(browser, api.url, email, consoleProblems);
        for (const width of [1440, 390]) {
          await page.setViewportSize({ width, height: 900 });
          await page.goto(`${api.url}${path}`);
          await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
          // Live streams never let the network idle: what the page waits on is its loading notices.
          await page.locator('.loading').first().waitFor({ state: 'detached' });
          await checkPage(page, `sweep-${email.split('.')[0]}-${path.split('/')[1]}-${width}`);
        }
        await page.context().close();
      }
      assert.deepEqual(consoleProblems, []);
    },
  );

  it('lets a coordinator give a ticket to someone of its group, people away marked', { timeout: 120_000 }, async () => {
    const admin = await api.signIn('admin@example.com');
    const people = await api.gql<{ users: { id: string; email: string }[] }>(
      '{ users { id email } }',
      {},
      { token: admin },
    );
    const sam = people.data!.users.find((u) => u.email === 'sam.agent@example.com')!;
    const away = await api.gql(
      'mutation ($id: ID!) { setUserStatus(userId: $id, status: "away") { id } }',
      { id: sam.id },
      { token: admin },
    );
    assert.equal(away.errors, undefined);
    const [other] = await submitTickets(api, await api.signIn('erin.employee@example.com'), [['VPN drops every hour']]);

    const page = await signedInPage(browser, api.url, 'cora.coordinator@example.com', consoleProblems);
    await page.goto(`${api.url}/tickets/${other}`);
    const assignee = page.getByLabel('Assignee');
    await assignee.locator('option', { hasText: 'Sam Agent — away' }).waitFor({ state: 'attached' });
    await assignee.selectOption({ label: 'Sam Agent — away' });
    await page.getByRole('region', { name: 'Timeline' }).getByText('assigned it to Sam Agent').waitFor();
    await page.getByLabel('Priority').selectOption({ label: 'High' });
    await page.locator('.ticket-header').getByText('High').waitFor();
    await checkPage(page, 'ticket-coordinator');
    await page.context().close();
    assert.deepEqual(consoleProblems, []);
  });
});
