// A drop on the board until it is settled: a card carried from New to In progress from the keyboard
// (dnd-kit's keyboard sensor: its Move handle focused, Space, ArrowRight, Space), timed in the page
// from the drop's key press until the card stands in the target column without the pending mark the
// board gives it while the move is unconfirmed (`is-pending`, web/src/board/CardView.tsx). Against
// the web app's own moveTicket mutation sent by fetch from Node for the same move of another ticket,
// interleaved. Goal: p50 ≤ 1.5×.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { TestApi } from '../support/api.js';
import { compare, progress } from './report.js';
import { BROWSER_ROUNDS, PROCESS, STATE } from './web.js';
import { MOVE } from './web-operations.js';

/** dnd-kit measures the droppables after a pick-up and moves the card in an animation frame. */
const KEY_PAUSE_MS = 300;

const VERSION = 'query ($number: String!) { ticket(number: $number) { version } }';

interface Created {
  number: string;
}

export async function measureDrops(page: Page, api: TestApi, token: string): Promise<void> {
  const rounds = BROWSER_ROUNDS + 1; // the first is a warm-up
  const employee = await api.signIn('erin.employee@example.com');
  const create = async (title: string): Promise<Created> => {
    const result = await api.gql<{ createTicket: Created }>(
      'mutation ($i: CreateTicketInput!) { createTicket(input: $i) { number } }',
      { i: { process: PROCESS, title, fields: { category: 'hardware' } } },
      { token: employee },
    );
    if (!result.data) throw new Error(`createTicket: ${JSON.stringify(result.errors)}`);
    return result.data.createTicket;
  };
  const viaFetch: Created[] = [];
  for (let i = 0; i < rounds; i++) viaFetch.push(await create(`Moved by fetch ${i + 1}`));
  // The board shows New newest first: the browser carries its top card each round.
  const viaBrowser: Created[] = [];
  for (let i = 0; i < rounds; i++) viaBrowser.unshift(await create(`Moved in the browser ${i + 1}`));

  await page.goto(`${api.url}/board?process=${PROCESS}`);
  await page.locator(`[data-card="${viaBrowser[0]!.number}"]`).waitFor();
  const browser: number[] = [];
  const fetched: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const { number } = viaFetch[i]!;
    // The version the board would have seen (the workflow's first steps raise it after the create).
    const now = await api.gql<{ ticket: { version: number } }>(VERSION, { number }, { token });
    const expectedVersion = now.data!.ticket.version;
    // As long a quiet time as the browser's move has (its key presses): the last drop's aftermath (its
    // live event rendered in the page) is not this move's cost.
    await page.waitForTimeout(2 * KEY_PAUSE_MS);
    const start = performance.now();
    const moved = await api.gql(MOVE, { number, toState: STATE, expectedVersion, updateId: randomUUID() }, { token });
    if (!moved.data) throw new Error(`moveTicket: ${JSON.stringify(moved.errors)}`);
    const elapsed = performance.now() - start;
    const settled = await dropFromKeyboard(page, viaBrowser[i]!.number);
    if (i === 0) continue;
    fetched.push(elapsed);
    browser.push(settled);
  }
  progress('web: drops');
  compare('web: keyboard drop until settled / its moveTicket', browser, fetched, { p: 50, max: 1.5 });
}

/** Carries `number` one column to the right; the milliseconds from the drop's key press until settled. */
async function dropFromKeyboard(page: Page, number: string): Promise<number> {
  await page.locator(`[data-card="${number}"] .board-card-handle`).focus();
  await page.keyboard.press('Space');
  await page.waitForTimeout(KEY_PAUSE_MS);
  await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(KEY_PAUSE_MS);
  await page.evaluate(watchSettling, [STATE, number] as const);
  await page.keyboard.press('Space');
  return page.evaluate(() => (window as unknown as { settling: Promise<number> }).settling);
}

/** Runs in the page: from the next Space key down until `number` stands in `state` and is not pending. */
function watchSettling([state, number]: readonly [string, string]) {
  (window as unknown as { settling: Promise<number> }).settling = new Promise<number>((resolve, reject) => {
    let dropped: number | undefined;
    let shownPending = false;
    const inTarget = (pending: boolean) =>
      document.querySelector(
        `section[data-state="${state}"] [data-card="${number}"]${pending ? '.is-pending' : ':not(.is-pending)'}`,
      );
    const onKey = (event: KeyboardEvent) => {
      if (event.code === 'Space') dropped ??= performance.now();
    };
    // Settled only after the optimistic card was seen: else this would time something else.
    const watch = new MutationObserver(() => {
      shownPending ||= dropped !== undefined && inTarget(true) !== null;
      if (!shownPending || !inTarget(false)) return;
      watch.disconnect();
      removeEventListener('keydown', onKey, { capture: true });
      resolve(performance.now() - dropped!);
    });
    watch.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
    addEventListener('keydown', onKey, { capture: true });
    setTimeout(() => reject(new Error(`${number} not settled in ${state} within 15 s`)), 15_000);
  });
}
