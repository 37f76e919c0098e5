// The default view's first render (issue 18): a signed-in agent navigates to `/` and lands on the queue
// (App.tsx sends staff to their default view): the milliseconds from navigation until the first row of
// the view is on screen, against the page's own QueuePage query (the views and the queue's first page,
// which the server answers with the default view when no view or filter is given) sent by fetch from
// Node with the same variables, interleaved. Goal p50 ≤ 2×: the query must go out with the session,
// not after a chain of requests. Also printed: when the page sent that query, when its answer was in,
// and the browser's own floor: navigating the same way to a static page of one row, no script and no
// style, served by a bare HTTP server (what no web app can beat, whatever it renders).
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import type { Page, Request } from 'playwright-core';
import type { Db } from '../../platform/store/db.js';
import type { TestApi } from '../support/api.js';
import { compare, figure, progress } from './report.js';
import { BROWSER_ROUNDS, PROCESS } from './web.js';
import { QUEUE_PAGE } from './web-operations.js';

/** Tickets of the column assigned to the agent: the default view ("My open tickets") lists them. */
const ASSIGNED = 200;
/** What the page asks with an address of no view, filter or sort (web/src/queue/QueuePage.tsx). */
const VARIABLES = { view: null, filter: null };

export async function measureQueueFirstRender(db: Db, page: Page, api: TestApi, token: string): Promise<void> {
  await sql`
    update tickets set assignee_id = (select id from users where email = 'sam.agent@example.com')
    where id in (select id from tickets where process_key = ${PROCESS} and done_at is null order by number
      limit ${ASSIGNED})`.execute(db);
  const render: number[] = [];
  const data: number[] = [];
  const sent: number[] = [];
  const answered: number[] = [];
  const floor: number[] = [];
  const staticPage = await serveStaticRow();
  await openHome(page, api); // warm-up
  for (let i = 0; i < BROWSER_ROUNDS; i++) {
    const start = performance.now();
    const result = await api.gql<{ queue: { totalCount: number } }>(QUEUE_PAGE, VARIABLES, { token });
    if (!result.data || result.data.queue.totalCount < ASSIGNED)
      throw new Error(`the QueuePage query: ${JSON.stringify(result.errors ?? result.data)}`);
    data.push(performance.now() - start);
    const opened = await openHome(page, api);
    render.push(opened.shown);
    sent.push(opened.sent);
    answered.push(opened.answered);
    floor.push(await firstRowAt(page, staticPage.url));
    await page.goto(`${api.url}/queue`, { waitUntil: 'commit' }); // left from the app's page, as `/` is
    await page.locator('.queue-rows .queue-row').first().waitFor();
  }
  staticPage.server.close();
  progress('web: queue first render');
  compare('web: default view from / until its first row / its query', render, data, { p: 50, max: 2 });
  figure('  of which until the page sends the QueuePage query', sent);
  figure('  and until its answer is in', answered);
  compare("  the browser's floor: a static page of one row / the query", floor, data);
}

/** A bare HTTP server answering every request with a page of one queue row (the floor's page). */
async function serveStaticRow() {
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Queue</title></head><body>' +
    '<table class="queue-rows"><tr class="queue-row"><td>IT-000001</td><td>The printer jams</td></tr></table></body></html>';
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** The QueuePage query among the page's requests (urql sends short queries by GET). */
const isQueueQuery = (request: Request) =>
  (request.method() === 'GET' ? new URL(request.url()).searchParams.get('query') : request.postData())?.includes(
    'query QueuePage(',
  ) ?? false;

/** Navigates to `url`; the milliseconds from navigation until a queue row shows. */
async function firstRowAt(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  return rowShown(page);
}

/** performance.now() (which counts from the navigation's start) when the first queue row is on screen. */
async function rowShown(page: Page): Promise<number> {
  const shown = await page.waitForFunction(
    () => {
      const row = document.querySelector('.queue-rows .queue-row');
      return row && row.getBoundingClientRect().height > 0 ? performance.now() : false;
    },
    undefined,
    { polling: 'raf', timeout: 30_000 },
  );
  return (await shown.jsonValue()) as number;
}

/** Navigates to `/`; the milliseconds from navigation until the queue's first row shows, and until the
 * page sent the QueuePage query and had its answer. */
async function openHome(page: Page, api: TestApi): Promise<{ shown: number; sent: number; answered: number }> {
  const request = page.waitForRequest(isQueueQuery, { timeout: 30_000 });
  await page.goto(`${api.url}/`, { waitUntil: 'commit' });
  const shown = await rowShown(page);
  const timing = (await request).timing();
  const sent = timing.startTime - (await page.evaluate(() => performance.timeOrigin));
  return { shown, sent, answered: sent + timing.responseEnd };
}
