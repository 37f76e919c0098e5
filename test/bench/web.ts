// The web app in Debian's chromium against the real system (the built app served by the test API, a
// worker, Postgres): the board's first render with 1,000 cards in one column, scrolling that column
// to its end, a card dropped from the keyboard until the server's answer settles it (web-drop.ts),
// a worked ticket's page (web-ticket.ts) and the default view's first render from `/` (web-queue.ts).
// Each against what the browser waits on, sent by fetch from Node to the same API and interleaved:
// the web app's own query text with the same variables, so the ratio is the app's cost over the data's.
// Skipped, saying why, without chromium.
import { sql } from 'kysely';
import type { Page, Request } from 'playwright-core';
import { latestVersion } from '../../platform/processes/processes.js';
import type { Db } from '../../platform/store/db.js';
import { webDist } from '../../scripts/web-build.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { DESKTOP, launchBrowser, signIn, skipWithoutBrowser, watchConsole } from '../support/browser.js';
import { startTestSystem } from '../support/system.js';
import { compare, compareRates, figure, progress, ROUNDS, say } from './report.js';
import { measureDrops } from './web-drop.js';
import { measureTicketPage } from './web-ticket.js';
import { measureQueueFirstRender } from './web-queue.js';
import { BOARD, COLUMN_PAGE } from './web-operations.js';

export const PROCESS = 'it-support';
/** The column of a thousand cards; the drops land in it too. */
export const STATE = 'in_progress';
const CARDS = 1000;
/** The board's page size (web/src/board/useBoard.ts). */
const PAGE = 50;
/** A browser round takes seconds: a tenth of BENCH_ROUNDS, at least 5. */
export const BROWSER_ROUNDS = Math.max(5, Math.round(ROUNDS / 10));
/** Frames sampled on the board at rest: the frame rate the scrolling is held to. */
const IDLE_FRAMES = 60;
/** A frame gap beyond this is a visible stutter. */
const JANK_MS = 50;

export async function measureWeb(): Promise<void> {
  if (skipWithoutBrowser) {
    say(`Web: skipped, ${skipWithoutBrowser}`);
    return;
  }
  const sys = await startTestSystem();
  const api = await startTestApi(sys, { webDist });
  const browser = await launchBrowser();
  try {
    await seedColumn(sys.db);
    const token = await api.signIn('sam.agent@example.com');
    const context = await browser.newContext({ viewport: DESKTOP });
    // tsx (esbuild's keepNames) wraps named functions in __name(), which the page has not: the
    // functions below run in the page.
    await context.addInitScript('globalThis.__name = (f) => f');
    const page = await context.newPage();
    const problems: string[] = [];
    watchConsole(page, problems);
    await signIn(page, api.url, 'sam.agent@example.com');
    say(`Web: chromium, ${CARDS} open ${PROCESS} tickets in ${STATE}, ${BROWSER_ROUNDS} rounds`);
    await measureFirstRender(page, api, token);
    await measureScroll(page, api, token);
    await measureDrops(page, api, token);
    await measureTicketPage(page, api, token);
    await measureQueueFirstRender(sys.db, page, api, token);
    // Figures from a page in trouble are not the app's: say so.
    for (const problem of problems) say(`  the page's console: ${problem}`);
  } finally {
    await browser.close();
    await api.stop();
    await sys.stop();
  }
}

/** 1,000 open tickets in one state, written straight into the read model the board reads. */
async function seedColumn(db: Db): Promise<void> {
  const { version, definition } = await latestVersion(db, PROCESS);
  const category = definition.states.find((s) => s.key === STATE)!.category;
  const requester = await sql<{ id: string }>`
    insert into requesters (name, email, user_id)
    select name, email, id from users where email = 'erin.employee@example.com'
    on conflict (lower(email)) do update set user_id = excluded.user_id
    returning id`.execute(db);
  // Oldest last: the highest number is the column's last card.
  await sql`
    insert into tickets (number, process_key, process_version, title, requester_id, state, category, priority,
      group_key, version, seq, created_at, updated_at)
    select ${definition.ticketPrefix} || '-' || lpad(i::text, 6, '0'), ${PROCESS}, ${version},
      'Seeded ticket ' || i, ${requester.rows[0]!.id}::uuid, ${STATE}, ${category}, 'normal', ${definition.group},
      1, 1, now() - interval '1 day' - i * interval '1 minute', now() - i * interval '1 minute'
    from generate_series(1, ${CARDS}::int) as i`.execute(db);
  await db
    .insertInto('ticket_counters')
    .values({ prefix: definition.ticketPrefix, last: CARDS })
    .onConflict((oc) => oc.column('prefix').doUpdateSet({ last: CARDS }))
    .execute();
  await sql`vacuum analyze tickets`.execute(db);
}

const lastCard = `IT-${String(CARDS).padStart(6, '0')}`;

async function sendBoard(api: TestApi, token: string) {
  const result = await api.gql<{
    board: { columns: { state: string; count: number; cards: { pageInfo: { endCursor: string | null } } }[] };
  }>(BOARD, { processKey: PROCESS, first: PAGE }, { token });
  const column = result.data?.board.columns.find((c) => c.state === STATE);
  if (column?.count !== CARDS) throw new Error(`the board query: ${JSON.stringify(result.errors ?? column)}`);
  return column;
}

/** The Board query among the page's requests (urql sends short queries by GET). */
const isBoardQuery = (request: Request) =>
  (request.method() === 'GET' ? new URL(request.url()).searchParams.get('query') : request.postData())?.includes(
    'query Board(',
  ) ?? false;

/**
 * Navigates to the board; the milliseconds from navigation until the column shows cards and its count,
 * and until the page sent the Board query and had its answer.
 */
async function openBoard(page: Page, api: TestApi): Promise<{ shown: number; sent: number; answered: number }> {
  const request = page.waitForRequest(isBoardQuery, { timeout: 30_000 });
  await page.goto(`${api.url}/board?process=${PROCESS}`, { waitUntil: 'commit' });
  const shown = await page.waitForFunction(
    ([state, count]) => {
      const column = document.querySelector(`section[data-state="${state}"]`);
      const card = column?.querySelector('[data-card]');
      const counted = column?.querySelector('.board-count')?.textContent === `${count} tickets`;
      // performance.now() counts from the navigation's start.
      return counted && card && card.getBoundingClientRect().height > 0 ? performance.now() : false;
    },
    [STATE, CARDS] as const,
    { polling: 'raf', timeout: 30_000 },
  );
  const timing = (await request).timing();
  const sent = timing.startTime - (await page.evaluate(() => performance.timeOrigin));
  return { shown: (await shown.jsonValue()) as number, sent, answered: sent + timing.responseEnd };
}

async function measureFirstRender(page: Page, api: TestApi, token: string): Promise<void> {
  const render: number[] = [];
  const data: number[] = [];
  const sent: number[] = [];
  const answered: number[] = [];
  await openBoard(page, api); // warm-up
  for (let i = 0; i < BROWSER_ROUNDS; i++) {
    const start = performance.now();
    await sendBoard(api, token);
    data.push(performance.now() - start);
    const opened = await openBoard(page, api);
    render.push(opened.shown);
    sent.push(opened.sent);
    answered.push(opened.answered);
  }
  progress('web: first render');
  compare(`web: board, ${CARDS} cards in a column: first render / its data`, render, data, { p: 50, max: 3 });
  figure('  of which until the page sends the Board query', sent);
  figure('  and until its answer is in', answered);
}

/** Scrolling the column to its last card, against its further pages read in turn; and the frame gaps. */
async function measureScroll(page: Page, api: TestApi, token: string): Promise<void> {
  const scrolls: number[] = [];
  const pages: number[] = [];
  const idleGaps: number[] = [];
  const scrollGaps: number[] = [];
  for (let i = 0; i <= BROWSER_ROUNDS; i++) {
    // The baseline: the column's further pages, one after the other as the column asks for them.
    let cursor = (await sendBoard(api, token)).cards.pageInfo.endCursor;
    const start = performance.now();
    while (cursor) {
      const result = await api.gql<{ tickets: { pageInfo: { endCursor: string | null; hasNextPage: boolean } } }>(
        COLUMN_PAGE,
        { filter: { process: PROCESS, state: STATE, open: true }, first: PAGE, after: cursor },
        { token },
      );
      if (!result.data) throw new Error(`a column page: ${JSON.stringify(result.errors)}`);
      const { pageInfo } = result.data.tickets;
      cursor = pageInfo.hasNextPage ? pageInfo.endCursor : null;
    }
    const elapsed = performance.now() - start;
    await openBoard(page, api);
    const frames = await page.evaluate(sampleFrames, [STATE, lastCard, IDLE_FRAMES] as const);
    if (i === 0) continue; // warm-up
    pages.push(elapsed);
    scrolls.push(frames.scroll);
    idleGaps.push(...frames.idle);
    scrollGaps.push(...frames.gaps);
  }
  progress('web: scroll');
  compare(`web: scroll ${CARDS} cards to the last / its ${CARDS / PAGE - 1} further pages`, scrolls, pages, {
    p: 50,
    max: 2,
  });
  compare('web: frame gaps while scrolling / at rest', scrollGaps, idleGaps, { p: 95, max: 2 });
  const smooth = (gaps: number[]) => (100 * gaps.filter((g) => g <= JANK_MS).length) / gaps.length;
  compareRates(
    `web: frames within ${JANK_MS} ms while scrolling / at rest`,
    smooth(scrollGaps),
    smooth(idleGaps),
    `% (${scrollGaps.filter((g) => g > JANK_MS).length} of ${scrollGaps.length} over, longest ${Math.max(...scrollGaps).toFixed(0)} ms)`,
    { p: 50, min: 0.99 },
  );
}

/**
 * Runs in the page: frame gaps at rest for `idleFrames` frames, then a fling to the end of the column
 * (each frame scrolls to the bottom of what is loaded, so the column reads page after page) until
 * `last` is in the page: how long that took, and the frame gaps meanwhile.
 */
function sampleFrames([state, last, idleFrames]: readonly [string, string, number]) {
  const scroller = document.querySelector<HTMLElement>(`section[data-state="${state}"] .board-column-scroll`)!;
  return new Promise<{ idle: number[]; gaps: number[]; scroll: number }>((resolve, reject) => {
    const idle: number[] = [];
    const gaps: number[] = [];
    let previous = performance.now();
    let started = 0;
    const frame = (now: number) => {
      if (idle.length < idleFrames) idle.push(now - previous);
      else if (!started) started = now;
      else gaps.push(now - previous);
      previous = now;
      if (started && document.querySelector(`[data-card="${last}"]`))
        return resolve({ idle, gaps, scroll: now - started });
      if (started && now - started > 60_000) return reject(new Error(`${last} not reached in 60 s`));
      if (started) scroller.scrollTop = scroller.scrollHeight;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}
