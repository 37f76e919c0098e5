// Who may read the development mail page (/dev/mail): a signed-in admin, and nobody else — the mail
// holds every recipient, subject and sign-in link the desk sent.
//
// Why a cookie scoped to /dev/mail: the page is a plain page the browser navigates to, so it carries no
// bearer token, and the refresh cookie is scoped to /graphql (widening it to every path would send a
// long-lived secret with every request of the app). Making the viewer a page of the web app reading
// through GraphQL would add operations for a development-only tool. So where the page is served
// (DEV_MAIL_PAGE, never in production), each session the API hands an admin (sign-in, token refresh)
// also sets `tf_dev_mail`: that session's short-lived access token,
// httpOnly, SameSite=Strict and sent only to /dev/mail. It expires with the access token, is renewed by
// the web app's refreshes and cleared at sign-out; it is checked like a bearer token (the account, its
// sign-in and the admin role, as they are now). A bearer token in the Authorization header works too.
import type { CookieOptions, Request, Response } from 'express';
import type { Db } from '../../platform/store/db.js';
import { AppError } from '../../platform/errors.js';
import type { TokenSettings } from '../auth/tokens.js';
import { requirePerson, viewerOf } from '../graphql/viewer.js';

export const DEV_MAIL_COOKIE = 'tf_dev_mail';
export const DEV_MAIL_PATH = '/dev/mail';

export function devMailCookieOptions(req: Request, tokens: TokenSettings): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.secure,
    path: DEV_MAIL_PATH,
    maxAge: tokens.accessTtlSeconds * 1000,
  };
}

/** Sets (for an admin) or clears (for anyone else) the page's cookie with a new access token. */
export function setDevMailCookie(
  req: Request,
  res: Response,
  tokens: TokenSettings,
  role: string,
  accessToken: string,
): void {
  if (role === 'ADMIN') res.cookie(DEV_MAIL_COOKIE, accessToken, devMailCookieOptions(req, tokens));
  else clearDevMailCookie(res);
}

export function clearDevMailCookie(res: Response): void {
  res.clearCookie(DEV_MAIL_COOKIE, { path: DEV_MAIL_PATH });
}

/** A cookie's value from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** Nothing, when the request comes from a signed-in admin; otherwise why not, as an AppError. */
export async function devMailRefusal(db: Db, tokens: TokenSettings, req: Request): Promise<AppError | undefined> {
  const cookie = cookieValue(req.headers.cookie, DEV_MAIL_COOKIE);
  const authorization = req.headers.authorization ?? (cookie ? `Bearer ${cookie}` : null);
  try {
    const viewer = await viewerOf(db, tokens, authorization);
    const user = requirePerson(viewer);
    if (user.role !== 'ADMIN')
      return new AppError('FORBIDDEN', 'only admins read the mail sent', { reason: 'ADMIN_ONLY' });
    return undefined;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}
