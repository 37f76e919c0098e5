// The admin pages in a real browser (Debian's chromium, playwright-core) against the real system.
// An admin edits a draft of it-support from its latest version, introduces a transition from a state
// that does not exist and sees the API's problem marked in the editor at its place and in red on the
// diagram; fixes it and publishes (the version goes up), and a ticket started afterwards runs the new
// version. The admin compares two versions, starts a process from scratch, extends and publishes it,
// and approves a pending registration. Every admin page passes axe-core without serious or critical
// violations, and the console stays clean. Screenshots go to test-artifacts/web/ (editor.png,
// editor-error.png, users.png among them).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser, type Page } from 'playwright-core';
import {
  checkPage,
  DESKTOP,
  skipWithoutBrowser,
  startBrowserSystem,
  stopBrowserSystem,
  watchConsole,
} from '../support/browser.js';
import { type TestApi } from '../support/api.js';
import { type TestSystem } from '../support/system.js';

const ADMIN = { email: 'admin@example.com', password: 'ticketflow-demo' };

describe('the admin pages in a browser', { skip: skipWithoutBrowser }, () => {
  let sys: TestSystem;
  let api: TestApi;
  let browser: Browser;
  let page: Page;
  const consoleProblems: string[] = [];

  before(async () => {
    ({ sys, api, browser } = await startBrowserSystem());
    page = await browser.newPage({ viewport: DESKTOP });
    watchConsole(page, consoleProblems);
  });

  after(async () => {
    await stopBrowserSystem({ sys, api, browser });
  });

  const check = (name: string) => checkPage(page, name);

  /** Replaces the editor's whole text as a person would: select all, then type (insert) the new text. */
  async function replaceText(text: string): Promise<void> {
    await page.getByRole('textbox', { name: 'Definition (JSON)' }).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(text);
  }

  it('serves each page with its own CSP nonce and no unsafe-inline styles', async () => {
    const nonces: string[] = [];
    for (const path of ['/admin/processes', '/index.html']) {
      const response = await fetch(`${api.url}${path}`, { headers: { accept: 'text/html' } });
      assert.equal(response.status, 200);
      const policy = response.headers.get('content-security-policy') ?? '';
      const nonce = /style-src 'self' 'nonce-([A-Za-z0-9+/=]+)'(;|$)/.exec(policy)?.[1];
      assert.ok(nonce, policy);
      assert.doesNotMatch(policy, /unsafe-inline/);
      // The page carries the same nonce, where the app reads it for the editor's style elements.
      const html = await response.text();
      assert.ok(html.includes(`<meta property="csp-nonce" nonce="${nonce}">`), html);
      nonces.push(nonce);
    }
    assert.notEqual(nonces[0], nonces[1], 'a fresh nonce for each response');
  });

  it(
    'edits a draft, sees a problem at its place and on the diagram, fixes it and publishes',
    { timeout: 120_000 },
    async () => {
      const latest = await api.gql<{ processDefinition: { version: number; definition: Record<string, unknown> } }>(
        'query { processDefinition(key: "it-support") { version definition } }',
        {},
        { token: await api.signIn(ADMIN.email) },
      );
      const { version, definition } = latest.data!.processDefinition;

      await page.goto(api.url);
      await page.getByLabel('Email').fill(ADMIN.email);
      await page.getByLabel('Password').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
      await page.getByRole('heading', { name: 'Processes' }).waitFor();
      await page.getByRole('row').filter({ hasText: 'it-support' }).getByText(`v${version}`).first().waitFor();
      await check('admin-processes');

      await page.getByRole('link', { name: 'Edit IT support request' }).click();
      await page.getByRole('heading', { name: 'Edit it-support' }).waitFor();
      await page.locator('.cm-content').waitFor();
      await page.getByText('No problems.').waitFor();
      await page.locator('.diagram-state').filter({ hasText: 'in_progress' }).waitFor();
      // The text reads in the schema's order, as the definition was written: format, key, name, …
      const firstLines = await page
        .locator('.cm-line')
        .evaluateAll((lines) => lines.slice(0, 4).map((line) => line.textContent));
      assert.deepEqual(firstLines, [
        '{',
        '  "format": 1,',
        '  "key": "it-support",',
        `  "name": "${definition.name}",`,
      ]);
      await check('editor');

      // The first transition now starts from a state the definition lacks.
      const transitions = definition.transitions as { from: string[]; label: string }[];
      const broken = structuredClone(definition) as typeof definition & { transitions: typeof transitions };
      broken.transitions[0]!.from[0] = 'nowhere';
      await replaceText(JSON.stringify(broken, null, 2));
      await page.getByText(/^\d+ problems?\.$/).waitFor();
      // In the editor: a lint mark exactly on the value at fault, transitions[0].from[0].
      // The problem's path in the list takes the cursor there; the mark is on the value at fault.
      await page
        .getByRole('list', { name: 'Problems' })
        .getByRole('button', { name: 'transitions[0].from[0]' })
        .click();
      const mark = page.locator('.cm-lintRange-error');
      await mark.first().waitFor();
      assert.ok((await mark.allInnerTexts()).includes('"nowhere"'), (await mark.allInnerTexts()).join(' | '));
      // On the diagram: the unknown state and the transition in red, the message on focus.
      const ghost = page.locator('.diagram-state.has-problem').filter({ hasText: 'nowhere' });
      await ghost.waitFor();
      const edge = page.locator('.diagram-transition.has-problem').filter({ hasText: transitions[0]!.label });
      await edge.focus();
      const tip = page.getByRole('tooltip').filter({ hasText: /nowhere/ });
      await tip.first().waitFor({ state: 'visible' });
      const message = await tip.first().innerText();
      assert.equal(await edge.getAttribute('aria-describedby'), await tip.first().getAttribute('id'));
      await check('editor-error');

      // Publishing it is refused, with the reason shown: the refusal's problems (extensions.problems),
      // marked in the text like the validation's.
      await page.getByRole('button', { name: 'Publish' }).click();
      await page
        .getByRole('alert')
        .filter({ hasText: /^Not published: \d+ problems?, marked in the text\.$/ })
        .waitFor();
      await page
        .getByRole('list', { name: 'Problems' })
        .getByRole('button', { name: 'transitions[0].from[0]' })
        .waitFor();
      assert.ok(message.length > 0);

      const fixed = structuredClone(definition) as typeof broken;
      fixed.transitions[0]!.label = 'Begin work';
      await replaceText(JSON.stringify(fixed, null, 2));
      await page.getByText('No problems.').waitFor();
      assert.equal(await page.locator('.cm-lintRange-error').count(), 0);
      await page.locator('.diagram-transition').filter({ hasText: 'Begin work' }).first().waitFor();
      await page.getByRole('button', { name: 'Publish' }).click();
      await page.getByText(`Published as version ${version + 1}.`).waitFor();

      // A ticket started now runs the new version.
      const created = await api.gql<{ createTicket: { process: { key: string; version: number } } }>(
        'mutation { createTicket(input: { process: "it-support", title: "After the change", fields: { category: "hardware" } }) { process { key version } } }',
        {},
        { token: await api.signIn('erin.employee@example.com') },
      );
      assert.deepEqual(
        created.data?.createTicket.process,
        { key: 'it-support', version: version + 1 },
        JSON.stringify(created.errors),
      );
    },
  );

  it('compares two versions side by side', { timeout: 60_000 }, async () => {
    await page.getByRole('link', { name: 'All processes' }).click();
    await page.getByRole('link', { name: 'Compare versions of IT support request' }).click();
    await page.getByRole('heading', { name: 'Compare versions of it-support' }).waitFor();
    await page.locator('.cm-changedLine').first().waitFor();
    assert.match(await page.locator('.cm-mergeView').innerText(), /Begin work/);
    await check('compare');
  });

  it('creates a process from scratch, edits it and publishes it', { timeout: 60_000 }, async () => {
    await page.getByRole('link', { name: 'All processes' }).click();
    await page.getByRole('heading', { name: 'Processes' }).waitFor();
    const form = page.getByRole('region', { name: 'New process' });
    await form.getByLabel('Key').fill('facilities');
    await form.getByLabel('Name').fill('Facilities request');
    await form.getByRole('button', { name: 'Create draft' }).click();
    await page.getByRole('heading', { name: 'Edit facilities' }).waitFor();
    await page.getByText('No problems.').waitFor();
    await page.locator('.diagram-state').filter({ hasText: 'in_progress' }).waitFor();

    // A state of its own, and the way to it.
    const token = await api.signIn(ADMIN.email);
    const drafted = await api.gql<{ processDraft: { definition: Record<string, unknown> } }>(
      'query { processDraft(key: "facilities") { definition } }',
      {},
      { token },
    );
    const definition = structuredClone(drafted.data!.processDraft.definition) as {
      name: string;
      states: object[];
      transitions: object[];
    };
    assert.equal(definition.name, 'Facilities request');
    definition.states.push({ key: 'waiting_parts', label: 'Waiting for parts', category: 'waiting' });
    definition.transitions.push({
      key: 'order_parts',
      label: 'Order parts',
      from: ['in_progress'],
      to: 'waiting_parts',
      by: ['AGENT'],
    });
    const viewport = page.locator('.react-flow__viewport');
    const fitted = await viewport.getAttribute('style');
    await replaceText(JSON.stringify(definition, null, 2));
    await page.locator('.diagram-state').filter({ hasText: 'waiting_parts' }).waitFor();
    // A state more: the diagram fits the view to it again.
    await page.waitForFunction(
      (before) => document.querySelector('.react-flow__viewport')?.getAttribute('style') !== before,
      fitted,
    );
    await page.getByText('No problems.').waitFor();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published as version 1.').waitFor();
    const published = await api.gql<{ processDefinition: { definition: { states: { key: string }[] } } }>(
      'query { processDefinition(key: "facilities") { definition } }',
      {},
      { token },
    );
    assert.deepEqual(
      published.data!.processDefinition.definition.states.map((s) => s.key),
      ['new', 'in_progress', 'done', 'waiting_parts'],
    );
  });

  it("offers completion from the definition's JSON Schema as one types", { timeout: 30_000 }, async () => {
    // Still on the editor of facilities: a property name begun at the top level of a state.
    await replaceText('{\n  "states": [\n    { "cat');
    await page.getByRole('option', { name: /"category"/ }).click();
    assert.match((await page.locator('.cm-content').innerText()).replace(/\s+/g, ' '), /\{ "category"/);
  });

  it('approves a pending registration', { timeout: 60_000 }, async () => {
    const registered = await api.gql(
      'mutation { register(input: { email: "pat.pending@example.com", name: "Pat Pending", password: "a long enough password" }) { status } }',
    );
    assert.deepEqual(registered.data, { register: { status: 'pending' } }, JSON.stringify(registered.errors));
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.getByRole('button', { name: 'Approve Pat Pending' }).waitFor();
    await page.getByRole('combobox', { name: 'Role of Erin Employee' }).waitFor();
    await check('users');
    await page.getByRole('button', { name: 'Approve Pat Pending' }).click();
    await page.getByRole('combobox', { name: 'Status of Pat Pending' }).waitFor();
    const stored = await sys.db
      .selectFrom('users')
      .select('status')
      .where('email', '=', 'pat.pending@example.com')
      .executeTakeFirstOrThrow();
    assert.equal(stored.status, 'active');
    const admin = page.getByRole('navigation', { name: 'Admin' });
    await admin.getByRole('link', { name: 'Groups' }).click();
    await page.getByRole('heading', { name: 'Service desk' }).waitFor();
    await check('groups');

    // A new API key's secret shows once.
    await admin.getByRole('link', { name: 'API keys' }).click();
    await page.getByText('No API keys yet.').waitFor();
    await page.getByLabel('Key name').fill('mail-gateway');
    await page.getByLabel('Processes').fill('it-support');
    await page.getByLabel('Create tickets').check();
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = await page.locator('code.secret').innerText();
    assert.match(secret, /^tfk_/);
    await page.getByRole('row').filter({ hasText: 'mail-gateway' }).waitFor();
    await check('api-keys');

    await admin.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('cell', { name: 'user.approved' }).or(page.getByText('user.approved')).first().waitFor();
    await check('audit-log');
    assert.deepEqual(consoleProblems, [], 'the console stays clean');
  });

  it('fits every admin page 390 px wide; the editor and the diagram scroll within their boxes', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const pages: [string, string, () => Promise<void>][] = [
      ['processes', '/admin/processes', () => page.getByRole('heading', { name: 'Processes' }).waitFor()],
      ['editor', '/admin/processes/it-support/edit', () => page.locator('.diagram-state').first().waitFor()],
      ['compare', '/admin/processes/it-support/compare?a=1&b=2', () => page.locator('.cm-mergeView').waitFor()],
      ['users', '/admin/users', () => page.getByRole('heading', { name: 'Users' }).waitFor()],
      ['groups', '/admin/groups', () => page.getByRole('heading', { name: 'Service desk' }).waitFor()],
      ['api-keys', '/admin/api-keys', () => page.getByRole('row').filter({ hasText: 'mail-gateway' }).waitFor()],
      ['audit-log', '/admin/audit', () => page.getByText('user.approved').first().waitFor()],
    ];
    for (const [name, path, ready] of pages) {
      await page.goto(`${api.url}${path}`);
      await ready();
      await check(`mobile-admin-${name}`);
    }
    await page.setViewportSize(DESKTOP);
    assert.deepEqual(consoleProblems, [], 'the console stays clean');
  });
});
