// The ticket page's first render: a worked ticket (a conversation of 30 replies and notes, fields set,
// a long timeline) until its last comment and the composer are on screen, against the page's own
// Ticket query sent by fetch from Node with the same variables, interleaved: the ratio is the page's
// cost over its data's. Two ways in: as agents open tickets, from its link on the board (the app
// running, its cache empty of the ticket: the board is loaded afresh each round), goal p50 ≤ 2×; and a
// full page load of the ticket's address (the document, the scripts, the sign-in's renewal, then the
// query), reported beside it without a goal, as the board's first render is.
import type { Page } from 'playwright-core';
import type { TestApi } from '../support/api.js';
import { compare, progress } from './report.js';
import { BROWSER_ROUNDS, PROCESS } from './web.js';
import { TICKET } from './web-operations.js';

const COMMENTS = 30;

export async function measureTicketPage(page: Page, api: TestApi, token: string): Promise<void> {
  const number = await workedTicket(api, token);
  const fromBoard: number[] = [];
  const loaded: number[] = [];
  const data: number[] = [];
  // Warm-up.
  await openTicket(page, api, number);
  await openFromBoard(page, api, number);
  for (let i = 0; i < BROWSER_ROUNDS; i++) {
    const start = performance.now();
    const result = await api.gql<{ ticket: { comments: unknown[] } | null }>(TICKET, { number }, { token });
    if (result.data?.ticket?.comments.length !== COMMENTS)
      throw new Error(`the Ticket query: ${JSON.stringify(result.errors)}`);
    data.push(performance.now() - start);
    fromBoard.push(await openFromBoard(page, api, number));
    loaded.push(await openTicket(page, api, number));
  }
  progress('web: ticket page');
  compare(`web: ticket page from the board, ${COMMENTS} comments / its query`, fromBoard, data, { p: 50, max: 2 });
  compare('web: ticket page by a full page load / its query', loaded, data);
}

/** Loads the board afresh, then follows the ticket's link on it as an agent does: the milliseconds from
 * the click until the ticket's last comment and the composer show. */
async function openFromBoard(page: Page, api: TestApi, number: string): Promise<number> {
  await page.goto(`${api.url}/board?process=${PROCESS}`);
  await page.locator(`a[href="/tickets/${number}"]`).first().waitFor();
  return page.evaluate(
    ([wanted, last]) =>
      new Promise<number>((resolve) => {
        const link = document.querySelector<HTMLAnchorElement>(`a[href="/tickets/${wanted}"]`)!;
        const start = performance.now();
        link.click();
        const shown = () => {
          const comments = document.querySelectorAll('ol.comments > li').length;
          if (comments === last && document.querySelector('form.composer textarea')) resolve(performance.now() - start);
          else requestAnimationFrame(shown);
        };
        shown();
      }),
    [number, COMMENTS] as const,
  );
}

/** A ticket as agents meet them: submitted, taken, replied to and noted on, its fields set. */
async function workedTicket(api: TestApi, token: string): Promise<string> {
  const employee = await api.signIn('erin.employee@example.com');
  const call = async <T>(query: string, variables: Record<string, unknown>, as: string): Promise<T> => {
    const result = await api.gql<T>(query, variables, { token: as });
    if (!result.data) throw new Error(`${query.slice(0, 40)}: ${JSON.stringify(result.errors)}`);
    return result.data;
  };
  const { createTicket } = await call<{ createTicket: { number: string } }>(
    'mutation ($i: CreateTicketInput!) { createTicket(input: $i) { number } }',
    {
      i: { process: PROCESS, title: 'A worked ticket', description: 'Printer jams.', fields: { category: 'hardware' } },
    },
    employee,
  );
  const number = createTicket.number;
  await call('mutation ($n: String!) { claimTicket(number: $n) { number } }', { n: number }, token);
  for (let i = 0; i < COMMENTS; i++) {
    const staff = i % 2 === 0;
    await call(
      'mutation ($n: String!, $b: String!, $v: CommentVisibility) { addComment(number: $n, body: $b, visibility: $v) { number } }',
      { n: number, b: `Comment ${i + 1}: ${'words '.repeat(30)}`, v: staff && i % 4 === 0 ? 'internal' : 'public' },
      staff ? token : employee,
    );
  }
  await call(
    'mutation ($n: String!, $f: JSON!) { setTicketFields(number: $n, fields: $f) { number } }',
    { n: number, f: { resolution: 'Replaced the fuser.' } },
    token,
  );
  return number;
}

/** Navigates to the ticket; the milliseconds from navigation until its last comment and the composer show. */
async function openTicket(page: Page, api: TestApi, number: string): Promise<number> {
  await page.goto(`${api.url}/tickets/${number}`, { waitUntil: 'commit' });
  const shown = await page.waitForFunction(
    (last) => {
      const comments = document.querySelectorAll('ol.comments > li');
      const composer = document.querySelector('form.composer textarea');
      // performance.now() counts from the navigation's start.
      return comments.length === last && composer ? performance.now() : false;
    },
    COMMENTS,
    { polling: 'raf', timeout: 30_000 },
  );
  return (await shown.jsonValue()) as number;
}
