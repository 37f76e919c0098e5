// The default view's first render (issue 18): a signed-in agent navigates to `/` and lands on the queue
// (App.tsx sends staff to their default view): the milliseconds from navigation until the first row of
// the view is on screen, against the page's own QueuePage query (the views and the queue's first page,
// which the server answers with the default view when no view or filter is given) sent by fetch from
// Node with the same variables, interleaved. Goal p50 ≤ 2×: the query must go out with the session,
// not after a chain of requests. Also printed: when the page sent that query, and when its answer was in.
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
  }
  progress('web: queue first render');
  compare('web: default view from / until its first row / its query', render, data, { p: 50, max: 2 });
  figure('  of which until the page sends the QueuePage query', sent);
  figure('  and until its answer is in', answered);
}

/** The QueuePage query among the page's requests (urql sends short queries by GET). */
const isQueueQuery = (request: Request) =>
  (request.method() === 'GET' ? new URL(request.url()).searchParams.get('query') : request.postData())?.includes(
    'query QueuePage(',
  ) ?? false;

/** Navigates to `/`; the milliseconds from navigation until the queue's first row shows, and until the
 * page sent the QueuePage query and had its answer. */
async function openHome(page: Page, api: TestApi): Promise<{ shown: number; sent: number; answered: number }> {
  const request = page.waitForRequest(isQueueQuery, { timeout: 30_000 });
  await page.goto(`${api.url}/`, { waitUntil: 'commit' });
  const shown = await page.waitForFunction(
    () => {
      const row = document.querySelector('.queue-rows .queue-row');
      // performance.now() counts from the navigation's start.
      return row && row.getBoundingClientRect().height > 0 ? performance.now() : false;
    },
    undefined,
    { polling: 'raf', timeout: 30_000 },
  );
  const timing = (await request).timing();
  const sent = timing.startTime - (await page.evaluate(() => performance.timeOrigin));
  return { shown: (await shown.jsonValue()) as number, sent, answered: sent + timing.responseEnd };
}
