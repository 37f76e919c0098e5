// The notification centre in a real browser (Debian's chromium) against the real system. An agent asks
// the requester a question: her bell's count goes up live; she opens the list, clicks the notification,
// lands on the ticket and the count goes down; a preference she turns off stays off after a reload; axe
// finds no serious or critical violation; nothing overflows a phone's width; older ones load on demand.
// Screenshot: test-artifacts/web/notifications.png.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type Browser } from 'playwright-core';
import {
  axeViolations,
  DESKTOP,
  overflowOf,
  screenshotPath,
  signIn,
  skipWithoutBrowser,
  startBrowserSystem,
  stopBrowserSystem,
  watchConsole,
} from '../support/browser.js';
import { type TestApi } from '../support/api.js';
import { type TestSystem } from '../support/system.js';

describe('the notification centre in a browser', { skip: skipWithoutBrowser }, () => {
  let sys: TestSystem;
  let api: TestApi;
  let browser: Browser;

  before(async () => {
    ({ sys, api, browser } = await startBrowserSystem());
  });

  after(async () => {
    await stopBrowserSystem({ sys, api, browser });
  });

  /** Erin's ticket, started by sam. */
  async function startedTicket(title: string) {
    const erin = await sys.person('erin.employee@example.com');
    const sam = await sys.person('sam.agent@example.com');
    const { ticket } = await sys.tickets.create(
      { process: 'it-support', title, requester: { userId: erin.userId }, fields: { category: 'hardware' } },
      erin,
    );
    await sys.tickets.move(ticket.number, sam, { transition: 'start' });
    return {
      number: ticket.number,
      ask: () =>
        sys.tickets.move(ticket.number, sam, { transition: 'ask_requester', fields: { question: 'Which floor?' } }),
    };
  }

  it('counts a new notification live, opens its ticket and marks it read', { timeout: 120_000 }, async () => {
    const problems: string[] = [];
    const page = await (await browser.newContext({ viewport: DESKTOP })).newPage();
    watchConsole(page, problems);
    await signIn(page, api.url, 'erin.employee@example.com');
    const bell = page.getByRole('link', { name: /^Notifications, / });
    await page.getByRole('link', { name: 'Notifications, none unread' }).waitFor();

    const ticket = await startedTicket('The lift is stuck');
    await ticket.ask();
    await page.getByRole('link', { name: 'Notifications, 1 unread' }).waitFor({ timeout: 30_000 });

    await bell.click();
    await page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
    const item = page.getByRole('listitem').filter({ hasText: ticket.number });
    await item.getByText('Unread:').waitFor();
    // One line: who did what on which ticket, with the question asked; not the mail's body.
    assert.equal(
      (await item.getByRole('link').innerText()).replace(/^Unread:\s*/, ''),
      `Sam Agent moved ${ticket.number} The lift is stuck to Waiting on requester: “Which floor?”`,
    );
    assert.doesNotMatch(await item.innerText(), /Hello|Open the ticket/);
    await page.screenshot({ path: screenshotPath('notifications'), fullPage: true });
    assert.deepEqual(await axeViolations(page), [], 'accessibility violations of the list');

    await item.getByRole('link').click();
    await page.waitForURL(`${api.url}/tickets/${ticket.number}`);
    await page.getByRole('heading', { name: /The lift is stuck/ }).waitFor();
    await page.getByRole('link', { name: 'Notifications, none unread' }).waitFor();
    await bell.click();
    await page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
    assert.equal(await page.getByRole('listitem').filter({ hasText: ticket.number }).getByText('Unread:').count(), 0);

    // Another one, live, then "Mark all read".
    const second = await startedTicket('The lift is stuck again');
    await second.ask();
    await page.getByRole('listitem').filter({ hasText: second.number }).waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: 'Notifications, 1 unread' }).waitFor();
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await page.getByRole('link', { name: 'Notifications, none unread' }).waitFor();
    await page.getByText('All read, newest first').waitFor();
    assert.deepEqual(problems, []);
  });

  it('saves a preference at once and keeps it over a reload; fits a phone', { timeout: 120_000 }, async () => {
    const problems: string[] = [];
    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    watchConsole(page, problems);
    await signIn(page, api.url, 'erin.employee@example.com');
    await page.goto(`${api.url}/notifications/preferences`);
    const table = page.getByRole('table', { name: 'Notify me when…' });
    await table.waitFor();
    const box = page.getByRole('checkbox', { name: 'Email when a ticket moves on' });
    assert.equal(await box.isChecked(), true);
    await box.uncheck();
    await page.getByRole('status').filter({ hasText: 'Saved: Email when a ticket moves on, off.' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'accessibility violations of the preferences');
    assert.equal(await overflowOf(page), 0, 'the preferences fit a phone');

    await page.reload();
    await table.waitFor();
    assert.equal(await box.isChecked(), false);
    assert.equal(await page.getByRole('checkbox', { name: 'In the app when a ticket moves on' }).isChecked(), true);
    const erin = await sys.person('erin.employee@example.com');
    const stored = await sys.db
      .selectFrom('notification_preferences')
      .selectAll()
      .where('user_id', '=', erin.userId)
      .execute();
    assert.deepEqual(
      stored.map((p) => [p.event, p.channel, p.enabled]),
      [['moved', 'email', false]],
    );

    // Older ones than a page holds (written an hour ago, as the table holds them) come with "Load more".
    const ticket = await sys.db.selectFrom('tickets').select(['id', 'number']).executeTakeFirstOrThrow();
    const hourAgo = Date.now() - 3_600_000;
    await sys.db
      .insertInto('notifications')
      .values(
        Array.from({ length: 25 }, (_, i) => {
          const id = randomUUID();
          return {
            id,
            ticket_id: ticket.id,
            ticket_number: ticket.number,
            effect_id: `older-${id}`,
            event_seq: 1,
            event: 'commented',
            template: 'question_for_requester',
            recipient_key: erin.userId,
            recipient_id: erin.userId,
            recipient_name: 'Erin',
            recipient_email: 'erin.employee@example.com',
            channel: 'in_app' as const,
            subject: `Older news ${i}`,
            body: 'From before',
            message_id: `<${id}@test>`,
            status: 'sent' as const,
            created_at: new Date(hourAgo - i * 60_000),
          };
        }),
      )
      .execute();
    await page.goto(`${api.url}/notifications`);
    await page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
    const items = page.getByRole('main').getByRole('listitem');
    await items.first().waitFor();
    assert.equal(await items.count(), 20);
    assert.equal(await overflowOf(page), 0, 'the list fits a phone');
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByText('Older news 24').waitFor();
    assert.equal(await items.count(), 27, 'the two of the first test and the 25 older ones');
    assert.equal(await page.getByRole('button', { name: 'Load more' }).count(), 0);
    assert.deepEqual(problems, []);
  });
});
