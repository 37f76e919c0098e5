// The development mail page: what `npm start`'s mail catcher received, at /dev/mail on the API, with
// each message's headers, text and (sandboxed) HTML part; nothing outside the catcher's folder.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startMailCatcher, type MailCatcher } from '../../platform/mail/catcher.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { eventually, startTestSystem, type TestSystem } from '../support/system.js';

describe('the development mail page', () => {
  let dir: string;
  let mail: MailCatcher;
  let sys: TestSystem;
  let api: TestApi;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ticketflow-mail-'));
    mail = await startMailCatcher({ dir });
    sys = await startTestSystem({ smtpUrl: mail.url });
    api = await startTestApi(sys, { devMailDir: dir });
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
        const page = await (await fetch(`${api.url}/dev/mail`)).text();
        return page.includes(subject) ? page : undefined;
      },
      30_000,
      'the mail on the page',
    );
    const link = /href="(\/dev\/mail\/[^"]+\.eml)"/.exec(list)?.[1];
    assert.ok(link, list);

    const message = await fetch(`${api.url}${link}`);
    assert.equal(message.status, 200);
    const body = await message.text();
    assert.ok(body.includes('erin.employee@example.com'));
    assert.ok(body.includes(mail.messages.at(-1)!.messageId.replace(/[<>]/g, '')), 'the Message-ID');
    assert.ok(body.includes(`/tickets/${ticket.number}`), 'the text part with its link');

    const html = await fetch(`${api.url}${link}/html`);
    assert.match(html.headers.get('content-security-policy') ?? '', /sandbox/);
    assert.ok((await html.text()).includes('Open the ticket'));
    const raw = await fetch(`${api.url}${link}/raw`);
    assert.equal(raw.headers.get('content-type'), 'message/rfc822');
  });

  it('answers 404 for anything that is not a message of its folder', async () => {
    for (const path of ['/dev/mail/nothing.eml', '/dev/mail/..%2F..%2Fetc%2Fpasswd', '/dev/mail/%2E%2E.eml/raw']) {
      assert.equal((await fetch(`${api.url}${path}`)).status, 404, path);
    }
  });
});
