// The web app through restarts of the API, in a real browser against the real system: an agent has
// the board and a ticket open; the API stops, and both pages say live updates are paused; a change
// made meanwhile (through another replica) shows once a new API answers on the same port, and later
// changes arrive live, on both pages. A second restart, once the board has seen changes, it catches
// up on too (from its last change). The notification bell, a stream of its own, counts what came
// while it was away; a move tried while the API is away says the server cannot be reached, and that
// notice goes once updates are live again. The only console errors are the streams the stopping API cut off
// and the refused connections while no API listens. axe-core finds no serious or critical violation
// with the notice shown. Screenshots go to test-artifacts/web/ (reconnect-paused.png, reconnect-back.png).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { webDist } from '../../scripts/web-build.js';
import {
  axeViolations,
  boardCard,
  screenshotPath,
  signedInPage,
  skipWithoutBrowser,
  startBrowserSystem,
  stopBrowserSystem,
} from '../support/browser.js';
import { startTestApi, submitTickets, type TestApi } from '../support/api.js';
import { type TestSystem } from '../support/system.js';

/** What chromium logs for each request to a port where nothing listens. */
const REFUSED = /^error: Failed to load resource: net::ERR_CONNECTION_REFUSED$/;
/** What it logs for a live stream the stopping API cut off. */
const CUT_OFF = /^error: Failed to load resource: net::ERR_INCOMPLETE_CHUNKED_ENCODING$/;

describe('the web app through an API restart', { skip: skipWithoutBrowser }, () => {
  let sys: TestSystem;
  let api: TestApi;
  /** Another replica of the API, which goes on while the first one restarts. */
  let replica: TestApi;
  let browser: Browser;
  const consoleProblems: string[] = [];
  /** The agent IT-000001 went to: the pages are theirs, so its moves notify them. */
  let agent: string;

  before(async () => {
    ({ sys, api, browser } = await startBrowserSystem());
    replica = await startTestApi(sys);
    await submitTickets(api, await api.signIn('erin.employee@example.com'), [
      ['The printer on floor 3 jams'],
      ['VPN drops every hour'],
    ]);
    const assigned = await api.gql(
      'query { ticket(number: "IT-000001") { assignee { email } } }',
      {},
      { token: await api.signIn('cora.coordinator@example.com') },
    );
    agent = (assigned.data as { ticket: { assignee: { email: string } } }).ticket.assignee.email;
  });

  after(async () => {
    await replica?.stop();
    await stopBrowserSystem({ sys, api, browser });
  });

  async function open(path: string): Promise<Page> {
    const page = await signedInPage(browser, api.url, agent, consoleProblems);
    await page.goto(`${api.url}${path}`);
    return page;
  }
  const paused = (page: Page): Locator => page.getByRole('status').filter({ hasText: 'Live updates paused' });
  const stateOnTicketPage = (page: Page, label: string): Locator =>
    page.locator('.ticket-header').getByText(label, { exact: true });

  async function move(through: TestApi, number: string, toState: string, fields?: Record<string, unknown>) {
    const moved = await through.gql(
      'mutation ($n: String!, $s: String!, $f: JSON) { moveTicket(number: $n, toState: $s, fields: $f) { state } }',
      { n: number, s: toState, f: fields ?? null },
      { token: await through.signIn('cora.coordinator@example.com') },
    );
    assert.deepEqual(moved.data, { moveTicket: { state: toState } }, JSON.stringify(moved.errors));
  }

  const bell = (page: Page): Locator => page.getByRole('link', { name: /^Notifications, / });
  async function unreadCount(through: TestApi): Promise<number> {
    const answer = await through.gql(
      'query { notifications { unreadCount } }',
      {},
      { token: await through.signIn(agent) },
    );
    return (answer.data as { notifications: { unreadCount: number } }).notifications.unreadCount;
  }
  const bellSays = (count: number) => (count === 0 ? 'Notifications, none unread' : `Notifications, ${count} unread`);

  it('says when live updates are paused, and catches up once the API is back', { timeout: 180_000 }, async () => {
    const board = await open('/board?process=it-support');
    const ticket = await open('/tickets/IT-000001');
    await boardCard(board, 'New', 'IT-000001').waitFor();
    await boardCard(board, 'New', 'IT-000002').waitFor();
    await stateOnTicketPage(ticket, 'New').waitFor();
    assert.equal(await paused(board).count(), 0, 'no notice while updates are live');
    const unreadBefore = await unreadCount(replica);
    await bell(board)
      .and(board.getByLabel(bellSays(unreadBefore)))
      .waitFor();

    // The API goes away: both pages say so, and the notice passes axe.
    const port = Number(new URL(api.url).port);
    await api.stop();
    await paused(board).waitFor({ timeout: 15_000 });
    await paused(ticket).waitFor({ timeout: 15_000 });
    assert.ok(await paused(board).isVisible());
    assert.match(await paused(ticket).innerText(), /Live updates paused — reconnecting…/);
    await board.screenshot({ path: screenshotPath('reconnect-paused') });
    assert.deepEqual(await axeViolations(board), [], 'accessibility violations with the notice shown');
    assert.deepEqual(await axeViolations(ticket), [], 'accessibility violations with the notice shown');

    // A move tried meanwhile cannot reach the server: the board says so, and puts the card back.
    await boardCard(board, 'New', 'IT-000002').getByRole('button', { name: 'Move IT-000002' }).click();
    await board
      .getByRole('dialog', { name: 'Move IT-000002 to…' })
      .getByRole('button', { name: 'In progress' })
      .click();
    const unreachable = board.getByRole('alert').filter({ hasText: 'The server cannot be reached' });
    await unreachable.waitFor({ timeout: 15_000 });
    await boardCard(board, 'New', 'IT-000002').waitFor();

    // Meanwhile another replica takes a change: the pages cannot hear of it yet.
    await move(replica, 'IT-000001', 'in_progress');
    await board.waitForTimeout(1_500);
    await boardCard(board, 'New', 'IT-000001').waitFor();
    await stateOnTicketPage(ticket, 'New').waitFor();

    // A new API on the same port: the pages reconnect by themselves and catch up on what they missed.
    api = await startTestApi(sys, { webDist, port });
    await boardCard(board, 'In progress', 'IT-000001').waitFor({ timeout: 30_000 });
    await stateOnTicketPage(ticket, 'In progress').waitFor({ timeout: 30_000 });
    await paused(board).waitFor({ state: 'detached', timeout: 30_000 });
    await paused(ticket).waitFor({ state: 'detached', timeout: 30_000 });
    // Live again, the board no longer says the server cannot be reached.
    await unreachable.waitFor({ state: 'detached', timeout: 10_000 });
    // The move notified the assignee while the bell could not hear of it: back, it counts it.
    const unreadAfter = await unreadCount(api);
    assert.ok(unreadAfter > unreadBefore, 'starting work on the ticket notifies its assignee');
    await bell(board)
      .and(board.getByLabel(bellSays(unreadAfter)))
      .waitFor({ timeout: 30_000 });
    await bell(ticket)
      .and(ticket.getByLabel(bellSays(unreadAfter)))
      .waitFor({ timeout: 30_000 });

    // And what changes now arrives live through the new API.
    await move(api, 'IT-000001', 'waiting_on_requester', { question: 'Which floor exactly?' });
    await move(api, 'IT-000002', 'in_progress');
    await boardCard(board, 'Waiting on requester', 'IT-000001').waitFor({ timeout: 20_000 });
    await boardCard(board, 'In progress', 'IT-000002').waitFor({ timeout: 20_000 });
    await stateOnTicketPage(ticket, 'Waiting on requester').waitFor({ timeout: 20_000 });
    await board.screenshot({ path: screenshotPath('reconnect-back') });

    // Once more, now that the board has seen changes: it resumes after the last one, and the server
    // replays what changed meanwhile.
    await api.stop();
    await paused(board).waitFor({ timeout: 15_000 });
    await move(replica, 'IT-000002', 'resolved', { resolution: 'Restarted the VPN concentrator.' });
    api = await startTestApi(sys, { webDist, port });
    await boardCard(board, 'Resolved', 'IT-000002').waitFor({ timeout: 30_000 });
    await paused(board).waitFor({ state: 'detached', timeout: 30_000 });

    const unexpected = consoleProblems.filter((problem) => !REFUSED.test(problem) && !CUT_OFF.test(problem));
    assert.deepEqual(unexpected, [], 'no console problems but the streams cut off and the refused connections');
    // The board holds two streams (its own and the notification bell's), the ticket page three (its
    // own, the bell's and who else is on it); two stops cut each off once.
    const streamsCutOff = consoleProblems.filter((problem) => CUT_OFF.test(problem)).length;
    assert.ok(streamsCutOff <= (2 + 3) * 2, `each open stream cut off once per stop, not ${streamsCutOff} times`);
    assert.ok(
      consoleProblems.some((problem) => REFUSED.test(problem)),
      'the pages did try while it was down',
    );
  });
});
