// Development only: the mail that `npm start`'s mail catcher received (DATA_DIR/mail/*.eml), as pages
// at /dev/mail — newest first, each message with its headers, its text, its HTML part in a sandboxed
// frame, and the raw .eml. Served only when npm start runs the catcher (DEV_MAIL_PAGE), never with a
// real SMTP_URL, and only to a signed-in admin (dev-mail-access.ts says how a page navigation is
// recognised); it never shows where on disk the mail is kept.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Response, type Router } from 'express';
import { simpleParser } from 'mailparser';
import type { Logger } from '../../platform/log.js';
import type { Db } from '../../platform/store/db.js';
import type { TokenSettings } from '../auth/tokens.js';
import { DEV_MAIL_PATH, devMailRefusal } from './dev-mail-access.js';

const NAME = /^[\w.-]+\.eml$/;
const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; frame-ancestors 'self'";
// A mail's own HTML: no scripts, no requests out, shown only inside the message page's sandboxed frame.
const MAIL_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'self'";
const MAX_LISTED = 500;

const escape = (value: string) => value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function page(res: Response, title: string, body: string): void {
  res
    .set({ 'content-security-policy': PAGE_POLICY, 'cache-control': 'no-store' })
    .type('html')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>` +
        `<style>body{font:15px system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;width:100%}` +
        `td,th{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #ddd}pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem}` +
        `iframe{width:100%;height:28rem;border:1px solid #ccc}</style></head><body>${body}</body></html>`,
    );
}

export interface DevMailDeps {
  /** The mail catcher's folder. */
  dir: string;
  db: Db;
  tokens: TokenSettings;
  log: Logger;
}

const REFUSALS: Record<string, { status: number; words: string }> = {
  UNAUTHENTICATED: {
    status: 401,
    words: 'Sign in to Ticketflow as an admin in this browser, then open this page again.',
  },
  FORBIDDEN: { status: 403, words: 'Only admins may read the mail sent.' },
};

export function devMailPages({ dir, db, tokens, log }: DevMailDeps): Router {
  const router = express.Router();
  // Every page of the viewer: a signed-in admin only; anyone else learns nothing of the mail.
  router.use(DEV_MAIL_PATH, async (req, res, next) => {
    try {
      const refusal = await devMailRefusal(db, tokens, req);
      if (!refusal) return next();
      const known = REFUSALS[refusal.code];
      if (!known) {
        res.status(503);
        return page(res, 'Mail sent (development)', '<p>The sign-in could not be checked just now: try again.</p>');
      }
      res.status(known.status);
      page(res, 'Mail sent (development)', `<h1>Mail sent</h1><p>${escape(known.words)}</p>`);
    } catch (error) {
      log.error({ err: error }, 'checking a request for the development mail page failed');
      res.status(500).type('text').send('Unexpected error.');
    }
  });
  const files = () =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => NAME.test(f))
          .sort()
          .reverse()
          .slice(0, MAX_LISTED)
      : [];
  const parse = (name: string) => simpleParser(readFileSync(join(dir, name)));
  const known = (name: string | undefined): name is string => !!name && NAME.test(name) && existsSync(join(dir, name));

  router.get('/dev/mail', async (_req, res) => {
    const rows = await Promise.all(
      files().map(async (name) => {
        const mail = await parse(name);
        const to = [mail.to]
          .flat()
          .map((a) => a?.text ?? '')
          .join(', ');
        return `<tr><td>${escape(mail.date?.toISOString() ?? '')}</td><td>${escape(to)}</td><td><a href="/dev/mail/${encodeURIComponent(name)}">${escape(mail.subject ?? '(no subject)')}</a></td></tr>`;
      }),
    );
    page(
      res,
      'Mail sent (development)',
      '<h1>Mail sent</h1><p>Every message the development mail catcher received, newest first.</p>' +
        (rows.length
          ? `<table><thead><tr><th scope="col">Received</th><th scope="col">To</th><th scope="col">Subject</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
          : '<p>No mail yet.</p>'),
    );
  });

  router.get('/dev/mail/:name', async (req, res) => {
    const name = req.params.name;
    if (!known(name)) return void res.status(404).type('text').send('No such message.');
    const mail = await parse(name);
    const to = [mail.to]
      .flat()
      .map((a) => a?.text ?? '')
      .join(', ');
    const rows = [
      ['From', mail.from?.text ?? ''],
      ['To', to],
      ['Date', mail.date?.toISOString() ?? ''],
      ['Message-ID', mail.messageId ?? ''],
    ];
    page(
      res,
      mail.subject ?? 'Message',
      `<p><a href="/dev/mail">All mail</a> · <a href="/dev/mail/${encodeURIComponent(name)}/raw">Download .eml</a></p>` +
        `<h1>${escape(mail.subject ?? '(no subject)')}</h1><table>${rows.map(([k, v]) => `<tr><th scope="row">${k}</th><td>${escape(v!)}</td></tr>`).join('')}</table>` +
        (mail.html
          ? `<h2>HTML part</h2><iframe title="The HTML part" sandbox src="/dev/mail/${encodeURIComponent(name)}/html"></iframe>`
          : '') +
        `<h2>Text part</h2><pre>${escape(mail.text ?? '')}</pre>`,
    );
  });

  router.get('/dev/mail/:name/html', async (req, res) => {
    if (!known(req.params.name)) return void res.status(404).type('text').send('No such message.');
    const mail = await parse(req.params.name);
    res
      .set({ 'content-security-policy': MAIL_POLICY, 'cache-control': 'no-store' })
      .type('html')
      .send(mail.html || '');
  });

  router.get('/dev/mail/:name/raw', (req, res) => {
    if (!known(req.params.name)) return void res.status(404).type('text').send('No such message.');
    res
      .type('message/rfc822')
      .attachment(req.params.name)
      .send(readFileSync(join(dir, req.params.name)));
  });
  return router;
}
