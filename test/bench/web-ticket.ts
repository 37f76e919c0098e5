// The ticket page's first render: an agent's navigation to a worked ticket (a conversation of 30
// replies and notes, fields set, a long timeline) until its last comment and the composer are on
// screen, against the page's own Ticket query sent by fetch from Node with the same variables,
// interleaved: the ratio is the page's cost over its data's. Goal: p50 ≤ 2×.
import type { Page } from 'playwright-core';
import type { TestApi } from '../support/api.js';
import { compare, progress } from './report.js';
import { BROWSER_ROUNDS, PROCESS } from './web.js';
import { TICKET } from './web-operations.js';

const COMMENTS = 30;

export async function measureTicketPage(page: Page, api: TestApi, token: string): Promise<void> {
  const number = await workedTicket(api, token);
  const render: number[] = [];
  const data: number[] = [];
  await openTicket(page, api, number); // warm-up
  for (let i = 0; i < BROWSER_ROUNDS; i++) {
    const start = performance.now();
    const result = await api.gql<{ ticket: { comments: unknown[] } | null }>(TICKET, { number }, { token });
    if (result.data?.ticket?.comments.length !== COMMENTS)
      throw new Error(`the Ticket query: ${JSON.stringify(result.errors)}`);
    data.push(performance.now() - start);
    render.push(await openTicket(page, api, number));
  }
  progress('web: ticket page');
  compare(`web: ticket page, ${COMMENTS} comments: first render / its query`, render, data, { p: 50, max: 2 });
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
