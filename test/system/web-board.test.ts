// The agents' board in a real browser (Debian's chromium, driven by playwright-core) against the real
// system. An agent drags a ticket from New to In progress with the mouse, sees a drop no transition
// allows refused by the page itself (nothing sent), carries a ticket to Resolved from the keyboard, where the form asks
// for the resolution the transition requires, and completes it; a coordinator's board, open in
// another browser context, shows both moves live. axe-core finds no serious or critical violation.
// Screenshots go to test-artifacts/web/ (board.png, board-drag-form.png, board-live.png).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser, type Page } from 'playwright-core';
import {
  axeViolations,
  boardCard,
  boardColumn,
  screenshotPath,
  signedInPage,
  skipWithoutBrowser,
  startBrowserSystem,
  stopBrowserSystem,
} from '../support/browser.js';
import { submitTickets, type TestApi } from '../support/api.js';
import { eventually, type TestSystem } from '../support/system.js';

describe('the board in a browser', { skip: skipWithoutBrowser }, () => {
  let sys: TestSystem;
  let api: TestApi;
  let browser: Browser;
  const consoleProblems: string[] = [];

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

  /**
   * A signed-in page on the board; a stale one never hears the board's live events: its stream is
   * never answered (a stream that ended would start again, and the board catch up).
   */
  async function onBoard(email: string, stale = false): Promise<Page> {
    const page = await signedInPage(browser, api.url, email, consoleProblems, async (context) => {
      if (stale)
        await context.route('**/graphql', (route) =>
          route.request().postData()?.includes('subscription BoardEvents') ? undefined : route.continue(),
        );
    });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Board', exact: true }).click();
    await page.getByRole('heading', { name: 'Board', level: 1 }).waitFor();
    return page;
  }

  async function check(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: screenshotPath(name) });
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `${name}: accessibility violations`);
  }

  it(
    'moves tickets by drag and by keyboard, asks for required fields, and shows moves live',
    { timeout: 240_000 },
    async () => {
      const agent = await onBoard('sam.agent@example.com');
      const coordinator = await onBoard('cora.coordinator@example.com');
      // The process comes from the address: it-support is the board's.
      await agent.goto(`${api.url}/board?process=it-support`);
      await coordinator.goto(`${api.url}/board?process=it-support`);
      await boardCard(agent, 'New', 'IT-000001').waitFor();
      await boardCard(coordinator, 'New', 'IT-000001').waitFor();
      await check(agent, 'board');

      // A mouse drag from New to In progress: the card lands there, and the coordinator sees it live.
      const from = (await boardCard(agent, 'New', 'IT-000001').boundingBox())!;
      const to = (await boardColumn(agent, 'In progress').boundingBox())!;
      await agent.mouse.move(from.x + 60, from.y + from.height / 2);
      await agent.mouse.down();
      await agent.mouse.move(from.x + 40, from.y + 30, { steps: 5 });
      // While dragging, columns the ticket may not enter say so.
      await boardColumn(agent, 'Resolved').getByText('cannot move here').waitFor();
      await agent.mouse.move(to.x + to.width / 2, to.y + 120, { steps: 15 });
      await agent.mouse.up();
      await boardCard(agent, 'In progress', 'IT-000001').waitFor();
      await agent.getByText('IT-000001 moved to In progress.').waitFor();
      await boardCard(coordinator, 'In progress', 'IT-000001').waitFor({ timeout: 15_000 });
      const moved = await sys.db
        .selectFrom('tickets')
        .select('state')
        .where('number', '=', 'IT-000001')
        .executeTakeFirstOrThrow();
      assert.equal(moved.state, 'in_progress');

      // A move the process does not allow (New to Closed): the page knows, so it refuses the drop in words
      // and sends nothing (the server would have recorded a refusal); the card stays.
      const second = (await boardCard(agent, 'New', 'IT-000002').boundingBox())!;
      const closed = (await boardColumn(agent, 'Closed').boundingBox())!;
      await agent.mouse.move(second.x + 60, second.y + second.height / 2);
      await agent.mouse.down();
      await agent.mouse.move(second.x + 40, second.y + 30, { steps: 5 });
      await agent.mouse.move(closed.x + closed.width / 2, closed.y + 120, { steps: 20 });
      await agent.mouse.up();
      await agent
        .getByRole('alert')
        .getByText('You cannot move IT-000002 from New to Closed: no step you may take leads there.', { exact: false })
        .waitFor();
      await boardCard(agent, 'New', 'IT-000002').waitFor();
      assert.equal(await boardCard(agent, 'Closed', 'IT-000002').count(), 0);
      const refusals = await sys.db
        .selectFrom('audit_log')
        .select('action')
        .where('subject', '=', 'ticket:IT-000002')
        .where('action', '=', 'move.refused')
        .execute();
      assert.deepEqual(refusals, [], 'the drop was not sent');

      // From the keyboard: pick IT-000001 up, carry it to Resolved; the transition needs a resolution.
      await boardCard(agent, 'In progress', 'IT-000001').getByRole('button', { name: 'Move IT-000001' }).focus();
      await agent.keyboard.press('Space');
      await agent.waitForTimeout(300);
      await agent.keyboard.press('ArrowRight');
      await agent.waitForTimeout(300);
      await agent.keyboard.press('Space');
      const dialog = agent.getByRole('dialog', { name: 'Move IT-000001 to Resolved' });
      await dialog.waitFor();
      await dialog.getByLabel('Resolution').waitFor();
      await check(agent, 'board-drag-form');

      // Sent without the field, the server's refusal shows in the form, its problem beside the field,
      // which has the focus; with it, the move is made.
      await dialog.getByRole('button', { name: 'Resolve' }).click();
      await dialog.getByRole('alert').waitFor();
      await dialog.getByText('Resolution is required.').waitFor();
      const resolution = dialog.getByLabel('Resolution');
      assert.equal(await resolution.getAttribute('aria-invalid'), 'true');
      await agent.waitForFunction(() => document.activeElement?.getAttribute('aria-invalid') === 'true');
      await boardCard(agent, 'In progress', 'IT-000001').waitFor();
      await dialog.getByLabel('Resolution').fill('Replaced the fuser unit.');
      await dialog.getByRole('button', { name: 'Resolve' }).click();
      await boardCard(agent, 'Resolved', 'IT-000001').waitFor();
      // The keyboard's focus followed the card.
      await eventually(
        async () =>
          (await agent.evaluate(() => document.activeElement?.getAttribute('aria-label'))) === 'Move IT-000001'
            ? true
            : undefined,
        5_000,
        'the focus on the moved card',
      );
      await boardCard(coordinator, 'Resolved', 'IT-000001').waitFor({ timeout: 15_000 });
      await check(coordinator, 'board-live');
      await eventually(
        async () => {
          const row = await sys.db
            .selectFrom('tickets')
            .select('state')
            .where('number', '=', 'IT-000001')
            .executeTakeFirst();
          return row?.state === 'resolved' ? true : undefined;
        },
        10_000,
        'IT-000001 resolved in the read model',
      );

      // Filters live in the address: the text filter hides the other card (the server reads the board
      // again), a reload keeps it.
      await agent.getByRole('searchbox', { name: 'Search' }).fill('VPN');
      await agent.waitForURL(/q=VPN/);
      await boardCard(agent, 'Resolved', 'IT-000001').waitFor({ state: 'detached' });
      await agent.reload();
      await boardCard(agent, 'New', 'IT-000002').waitFor();
      assert.equal(await agent.getByRole('searchbox', { name: 'Search' }).inputValue(), 'VPN');

      // A lost race: on a board that missed the coordinator's move, the agent's move answers CONFLICT,
      // the card goes where the ticket is now, and the page says who changed it.
      const stale = await onBoard('sam.agent@example.com', true);
      await stale.goto(`${api.url}/board?process=it-support`);
      await boardCard(stale, 'New', 'IT-000002').waitFor();
      const started = await api.gql(
        'mutation { moveTicket(number: "IT-000002", toState: "in_progress") { state } }',
        {},
        { token: await api.signIn('cora.coordinator@example.com') },
      );
      assert.deepEqual(started.data, { moveTicket: { state: 'in_progress' } }, JSON.stringify(started.errors));
      const staleCard = (await boardCard(stale, 'New', 'IT-000002').boundingBox())!;
      const staleTo = (await boardColumn(stale, 'In progress').boundingBox())!;
      await stale.mouse.move(staleCard.x + 60, staleCard.y + staleCard.height / 2);
      await stale.mouse.down();
      await stale.mouse.move(staleCard.x + 80, staleCard.y + 60, { steps: 5 });
      await stale.mouse.move(staleTo.x + staleTo.width / 2, staleTo.y + 150, { steps: 15 });
      await stale.mouse.up();
      await stale
        .getByRole('alert')
        .getByText(/IT-000002 changed meanwhile: it is now in In progress, changed last by Cora Coordinator/)
        .waitFor();
      await check(stale, 'board-conflict');
      await boardCard(stale, 'In progress', 'IT-000002').waitFor();

      // A new ticket shows on the coordinator's board without a reload.
      const employee = await api.signIn('erin.employee@example.com');
      const create = (title: string) =>
        api.gql(
          'mutation ($i: CreateTicketInput!) { createTicket(input: $i) { number } }',
          { i: { process: 'it-support', title, fields: { category: 'software' } } },
          { token: employee },
        );
      assert.ok((await create('The monitor flickers')).data);
      await boardCard(coordinator, 'New', 'IT-000003').waitFor({ timeout: 15_000 });

      // A long column: only the cards in view are in the page, and scrolling reads the next page.
      for (let batch = 0; batch < 6; batch++)
        await Promise.all(Array.from({ length: 10 }, (_, i) => create(`Bulk ticket ${batch * 10 + i + 1}`)));
      await coordinator.reload();
      const newColumn = boardColumn(coordinator, 'New');
      await newColumn.getByRole('heading', { name: /^New 61/ }).waitFor();
      const rendered = await newColumn.locator('[data-card]').count();
      assert.ok(rendered > 0 && rendered < 30, `${rendered} cards rendered of 61`);
      assert.equal(await boardCard(coordinator, 'New', 'IT-000003').count(), 0);
      await eventually(
        async () => {
          await newColumn.locator('.board-column-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
          return (await boardCard(coordinator, 'New', 'IT-000003').count()) ? true : undefined;
        },
        20_000,
        'the oldest card after scrolling to the end of the column',
      );

      assert.deepEqual(consoleProblems, []);
    },
  );
});
