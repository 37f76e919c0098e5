// What every browser test shares: Debian's chromium driven by playwright-core (the tests are skipped,
// saying why, when it is missing — except in CI, where they then fail: CI must never pass without them), the built web app served by the test API, a watch on each page's
// console, signing a demo person in, the board's cards, and axe-core run on a page as it is.
// Screenshots go to test-artifacts/web/.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { buildWebAppIfChanged, webDist } from '../../scripts/web-build.js';
import { startTestApi, type TestApi } from './api.js';
import { startTestSystem, type TestSystem } from './system.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'web');
export const DESKTOP = { width: 1280, height: 800 };
/** The demo people's password (api/seed.ts). */
export const PASSWORD = 'ticketflow-demo';

/** For describe({ skip }): false, or why the browser tests cannot run here (in CI, false: they fail). */
export const skipWithoutBrowser =
  existsSync(CHROMIUM) || process.env.CI
    ? false
    : `no chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH): the browser tests are skipped`;
if (skipWithoutBrowser) process.stderr.write(`# ${skipWithoutBrowser}\n`);

/** Builds the web app if its sources changed (npm test did already) and starts chromium. */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await buildWebAppIfChanged((message) => process.stderr.write(`# ${message}\n`));
  // As root (CI, this machine) Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
}

/** What a browser test file runs against: a test system, an API serving the built app, and chromium. */
export interface BrowserSystem {
  sys: TestSystem;
  api: TestApi;
  browser: Browser;
}

/** Starts what a browser test file runs against; `api` takes the test API's options other than the app. */
export async function startBrowserSystem(
  api: Omit<NonNullable<Parameters<typeof startTestApi>[1]>, 'webDist'> = {},
): Promise<BrowserSystem> {
  const sys = await startTestSystem();
  return { sys, api: await startTestApi(sys, { webDist, ...api }), browser: await launchBrowser() };
}

/** Stops what startBrowserSystem started, as far as it got. */
export async function stopBrowserSystem(web: Partial<BrowserSystem>): Promise<void> {
  await web.browser?.close();
  await web.api?.stop();
  await web.sys?.stop();
}

/** Signs a demo person in through the sign-in form of the app at `url`, and waits for their first page. */
export async function signIn(page: Page, url: string, email: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Where one lands: staff on their default view of the queue, everyone else on My tickets.
  await page.getByRole('heading', { level: 1, name: /^(My tickets|Board|Queue)$/ }).waitFor();
}

/** Collects the page's console errors and warnings and its uncaught errors into `problems`. */
export function watchConsole(page: Page, problems: string[]): void {
  page.on('console', (message) => {
    if (['error', 'warning'].includes(message.type())) problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
}

/**
 * A new page at 1280×800, its console watched into `problems`, signed in as a demo person at the API's
 * address (where they land: My tickets, or the board for staff of a group); `prepare` sets its context up
 * first (routes).
 */
export async function signedInPage(
  browser: Browser,
  url: string,
  email: string,
  problems: string[],
  prepare?: (context: BrowserContext) => Promise<void>,
): Promise<Page> {
  const context = await browser.newContext({ viewport: DESKTOP });
  await prepare?.(context);
  const page = await context.newPage();
  watchConsole(page, problems);
  await signIn(page, url, email);
  return page;
}

/** The board's column of that label, and a ticket's card in it. */
export const boardColumn = (page: Page, label: string): Locator =>
  page.locator('section.board-column').filter({ has: page.getByRole('heading', { name: label, level: 3 }) });
export const boardCard = (page: Page, label: string, number: string): Locator =>
  boardColumn(page, label).locator(`[data-card="${number}"]`);

/** The serious and critical axe-core violations of the page as it is, one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  return page.evaluate(async () => {
    const { violations } = await (window as unknown as { axe: typeof axe }).axe.run(document);
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/** How many pixels the page is wider than its window (0 or less when it fits). */
export const overflowOf = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

export const screenshotPath = (name: string) => join(ARTIFACTS, `${name}.png`);

/** The page as it is, checked: a full-page screenshot `name` for a person to look at, no serious or
 * critical axe-core violation, and nothing wider than the window. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `${name}: accessibility violations`);
  const overflow = await overflowOf(page);
  assert.ok(overflow <= 0, `${name}: the page is ${overflow} px wider than the window`);
}
