// The dashboard's reports in a real browser (Debian's chromium, playwright-core) against the real system:
// a coordinator reads first response, backlog and SLA figures of known tickets, narrows the period,
// follows a figure to the queue's address that lists its tickets, downloads a table as CSV, and picks
// custom dates; axe-core finds no serious or critical violation at 1440 and 390 px, nothing overflows.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { type Browser } from 'playwright-core';
import {
  checkPage,
  signIn,
  skipWithoutBrowser,
  startBrowserSystem,
  stopBrowserSystem,
  watchConsole,
} from '../support/browser.js';
import { type TestApi } from '../support/api.js';
import { type TestSystem } from '../support/system.js';

const DAY = 86_400_000;
/** 10:00 UTC `days` days before today. */
const daysAgo = (days: number) => {
  const at = new Date(Date.now() - days * DAY);
  at.setUTCHours(10, 0, 0, 0);
  return at;
};
const dayOf = (at: Date) => at.toISOString().slice(0, 10);

describe('the reports in a browser', { skip: skipWithoutBrowser }, () => {
  let sys: TestSystem;
  let api: TestApi;
  let browser: Browser;

  before(async () => {
    ({ sys, api, browser } = await startBrowserSystem());
  });
  after(async () => {
    await stopBrowserSystem({ sys, api, browser });
  });

  it('reads figures over a period, opens their lists and downloads them', { timeout: 180_000 }, async () => {
    const erin = await sys.person('erin.employee@example.com');
    const sam = await sys.person('sam.agent@example.com');
    const submit = async (title: string) => {
      const { ticket } = await sys.tickets.create(
        { process: 'it-support', title, requester: { userId: erin.userId }, fields: { category: 'access' } },
        erin,
      );
      return (await sys.tickets.settle(ticket.number)).number;
    };
    const answered = await submit('Answered in two hours');
    await sys.tickets.comment(answered, sam, { body: 'On it', visibility: 'public' });
    await sys.tickets.settle(answered);
    const waiting = await submit('Waiting for ten days');
    // Known ages: tickets live seconds in a test, so creation (and the reply) move back in the read model.
    const place = async (number: string, createdAt: Date, replyAfterHours: number) => {
      const { id } = await sys.tickets.get(number);
      await sql`update tickets set created_at = ${createdAt} where id = ${id}`.execute(sys.db);
      await sql`update ticket_events set at = ${new Date(createdAt.getTime() + replyAfterHours * 3_600_000)}
        where ticket_id = ${id} and type = 'commented'`.execute(sys.db);
    };
    await place(answered, daysAgo(2), 2);
    await place(waiting, daysAgo(10), 0);

    const problems: string[] = [];
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    watchConsole(page, problems);
    await signIn(page, api.url, 'cora.coordinator@example.com');
    await page.goto(`${api.url}/dashboard`);
    const reports = page.getByRole('region', { name: 'Reports' });
    const firstResponse = reports.getByRole('region', { name: 'First response by staff' });
    const backlog = reports.getByRole('region', { name: 'Backlog by age' });
    const slas = reports.getByRole('region', { name: 'SLAs met and breached' });

    // The last 30 days by default, per group: both tickets.
    await firstResponse.getByRole('row', { name: /Service desk/ }).waitFor();
    const rows = async (region: typeof firstResponse) => (await region.getByRole('row').allInnerTexts()).slice(1);
    assert.deepEqual(await rows(firstResponse), ['Service desk\t2\t1\t1\t2.0 h\t2.0 h']);
    assert.deepEqual(await rows(backlog), ['Service desk\t2\t0\t1\t0\t1\t0']);
    // The answered ticket's first response clock stopped and its resolution clock has not started: met.
    assert.deepEqual(await rows(slas), ['Service desk\t2\t1\t0\t100 %']);
    await checkPage(page, 'reports-desktop');

    // The last 7 days: only the answered ticket, and the address keeps the choice.
    await reports.getByLabel('Period').selectOption('last7');
    await page.waitForURL(/period=last7/);
    await firstResponse.getByRole('row', { name: /Service desk\s+1\s+1\s+0/ }).waitFor();
    assert.deepEqual(await rows(backlog), ['Service desk\t1\t0\t1\t0\t0\t0']);

    // The CSV of the table: a header row, the row's label, hours as numbers.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      firstResponse.getByRole('button', { name: 'Download CSV of first response by staff' }).click(),
    ]);
    const from = dayOf(daysAgo(6));
    const today = dayOf(new Date());
    assert.equal(download.suggestedFilename(), `first-response-${from}-to-${today}-by-group.csv`);
    assert.equal(
      await readFile((await download.path())!, 'utf8'),
      'Group,Created,Answered,Unanswered,Median (hours),90th percentile (hours)\r\nService desk,1,1,0,2,2\r\n',
    );

    // A figure opens the queue filtered to its tickets: open, of the group, created 1–2 days ago.
    const tomorrow = dayOf(new Date(Date.now() + DAY));
    const ageLink = backlog
      .getByRole('row', { name: /Service desk/ })
      .getByRole('link')
      .nth(2);
    assert.equal(await ageLink.innerText(), '1');
    await ageLink.click();
    await page.waitForURL(/\/queue\?/);
    assert.equal(
      new URL(page.url()).search,
      `?group=service-desk&createdAfter=${dayOf(daysAgo(2))}&createdBefore=${dayOf(daysAgo(0))}&open=1`,
    );
    await page.goBack();
    const breachedLink = slas
      .getByRole('row', { name: /Service desk/ })
      .getByRole('link')
      .nth(2);
    assert.equal(
      await breachedLink.getAttribute('href'),
      `/queue?group=service-desk&createdAfter=${from}&createdBefore=${tomorrow}&sla=breached`,
    );
    // Unanswered opens the tickets no staff answered (report-links.test.ts proves the counts match).
    const unansweredLink = firstResponse
      .getByRole('row', { name: /Service desk/ })
      .getByRole('link')
      .nth(2);
    assert.equal(
      await unansweredLink.getAttribute('href'),
      `/queue?group=service-desk&createdAfter=${from}&createdBefore=${tomorrow}&firstResponse=unanswered`,
    );

    // Custom dates: from 15 days ago, both tickets again, per agent.
    await reports.getByLabel('Period').selectOption('custom');
    await reports.getByLabel('From').fill(dayOf(daysAgo(15)));
    await page.waitForURL(new RegExp(`from=${dayOf(daysAgo(15))}`));
    await reports.getByLabel('Rows per').selectOption('agent');
    await page.waitForURL(/by=agent/);
    await firstResponse.getByRole('columnheader', { name: 'Agent (assignee)' }).waitFor();
    // The heading follows the address at once; the figures once the period's answer is in.
    const createdSum = async () => (await rows(firstResponse)).reduce((n, row) => n + Number(row.split('\t')[1]), 0);
    for (let wait = 0; (await createdSum()) !== 2 && wait < 100; wait++) await page.waitForTimeout(100);
    assert.equal(await createdSum(), 2, (await rows(firstResponse)).join('\n'));

    await page.setViewportSize({ width: 390, height: 800 });
    await checkPage(page, 'reports-phone');
    assert.deepEqual(problems, []);
  });
});
