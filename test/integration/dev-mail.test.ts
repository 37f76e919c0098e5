// The development mail page: what `npm start`'s mail catcher received, at /dev/mail on the API, with
// each message's headers, text and (sandboxed) HTML part; nothing outside the catcher's folder, and
// nothing at all for anyone but a signed-in admin (the cookie an admin's sign-in sets for the page).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startMailCatcher, type MailCatcher } from '../../platform/mail/catcher.js';
import { DEMO_PASSWORD } from '../../api/seed.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { eventually, startTestSystem, type TestSystem } from '../support/system.js';

describe('the development mail page', () => {
  let dir: string;
  let mail: MailCatcher;
  let sys: TestSystem;
  let api: TestApi;
  /** The Cookie header an admin's browser sends to /dev/mail after signing in. */
  let adminCookie: string;

  /** The cookies a sign-in sets for /dev/mail, as a Cookie header. */
  async function pageCookie(email: string): Promise<string> {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
        variables: { e: email, p: DEMO_PASSWORD },
      }),
    });
    assert.equal(response.status, 200);
    return (
      response.headers
        .getSetCookie()
        .filter((c) => /path=\/dev\/mail/i.test(c))
        .map((c) => c.split(';')[0]!)
        // A sign-in of anyone else clears the cookie (an empty value) rather than setting it.
        .filter((c) => !c.endsWith('='))
        .join('; ')
    );
  }
  const asAdmin = (path: string) => fetch(`${api.url}${path}`, { headers: { cookie: adminCookie } });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ticketflow-mail-'));
    mail = await startMailCatcher({ dir });
    sys = await startTestSystem({ smtpUrl: mail.url });
    api = await startTestApi(sys, { devMailDir: dir });
    adminCookie = await pageCookie('admin@example.com');
    assert.match(adminCookie, /^tf_dev_mail=/);
  });
  after(async () => {
    await api.stop();
    await sys.stop();
    await mail.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the mail sent, newest first, and shows each message', async () => {
    const erin = await sys.person('erin.employee@example.com');
    const { ticket } = await sys.tickets.create(
      {
        process: 'it-support',
        title: 'Beamer shows blue',
        requester: { userId: erin.userId },
        fields: { category: 'hardware' },
      },
      erin,
    );
    const subject = `[${ticket.number}] We received your request: Beamer shows blue`;
    const list = await eventually(
      async () => {
        const page = await (await asAdmin('/dev/mail')).text();
        return page.includes(subject) ? page : undefined;
      },
      30_000,
      'the mail on the page',
    );
    const link = /href="(\/dev\/mail\/[^"]+\.eml)"/.exec(list)?.[1];
    assert.ok(link, list);

    assert.ok(!list.includes(dir), 'the page does not say where the mail is kept');
    const message = await asAdmin(link);
    assert.equal(message.status, 200);
    const body = await message.text();
    assert.ok(body.includes('erin.employee@example.com'));
    assert.ok(body.includes(mail.messages.at(-1)!.messageId.replace(/[<>]/g, '')), 'the Message-ID');
    assert.ok(body.includes(`/tickets/${ticket.number}`), 'the text part with its link');

    const html = await asAdmin(`${link}/html`);
    assert.match(html.headers.get('content-security-policy') ?? '', /sandbox/);
    assert.ok((await html.text()).includes('Open the ticket'));
    const raw = await asAdmin(`${link}/raw`);
    assert.equal(raw.headers.get('content-type'), 'message/rfc822');

    // Nobody else reads any of it: not signed in, an employee, an agent, a forged or signed-out cookie.
    const erinCookie = await pageCookie('erin.employee@example.com');
    assert.equal(erinCookie, '', 'no page cookie for anyone but admins');
    const samToken = await api.signIn('sam.agent@example.com');
    const refusals: [string, RequestInit, number][] = [
      ['anonymous', {}, 401],
      ['a forged cookie', { headers: { cookie: 'tf_dev_mail=not-a-token' } }, 401],
      ['an agent by bearer token', { headers: { authorization: `Bearer ${samToken}` } }, 403],
    ];
    for (const path of ['/dev/mail', link, `${link}/html`, `${link}/raw`])
      for (const [who, init, status] of refusals) {
        const response = await fetch(`${api.url}${path}`, init);
        assert.equal(response.status, status, `${who} at ${path}`);
        const text = await response.text();
        assert.ok(!text.includes(ticket.number) && !text.includes('erin.employee'), `${who} sees no mail`);
        assert.ok(!text.includes(dir), `${who} is not told the folder`);
      }
    const anonymousPage = await (await fetch(`${api.url}/dev/mail`)).text();
    assert.match(anonymousPage, /Sign in to Ticketflow as an admin/);

    // Signing out ends the page's access with the sign-in.
    const adminToken = await api.signIn('admin@example.com');
    assert.equal(
      (await fetch(`${api.url}/dev/mail`, { headers: { authorization: `Bearer ${adminToken}` } })).status,
      200,
    );
    const out = await api.gql('mutation { logout }', {}, { token: adminToken });
    assert.equal(out.data?.logout, true);
    assert.equal(
      (await fetch(`${api.url}/dev/mail`, { headers: { authorization: `Bearer ${adminToken}` } })).status,
      401,
    );
  });

  it('is not there without the mail catcher, and no sign-in carries its cookie then', async () => {
    const plain = await startTestApi(sys);
    try {
      const login = await fetch(`${plain.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
          variables: { e: 'admin@example.com', p: DEMO_PASSWORD },
        }),
      });
      assert.equal(login.status, 200);
      assert.ok(!login.headers.getSetCookie().some((c) => c.startsWith('tf_dev_mail')), 'no page cookie');
      assert.equal((await fetch(`${plain.url}/dev/mail`)).status, 404);
    } finally {
      await plain.stop();
    }
  });

  it('answers 404 for anything that is not a message of its folder', async () => {
    for (const path of ['/dev/mail/nothing.eml', '/dev/mail/..%2F..%2Fetc%2Fpasswd', '/dev/mail/%2E%2E.eml/raw']) {
      assert.equal((await asAdmin(path)).status, 404, path);
    }
  });
});
