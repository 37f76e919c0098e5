// The sign-in of this browser tab. The access token lives in memory only; the refresh token is an
// httpOnly cookie (path /graphql) that script never sees. On load the tab trades the cookie for an
// access token, and it renews the token a minute before it expires. Renewals are serialized across
// tabs (Web Locks): a refresh token works once, and two tabs sending the same one would end the sign-in.
import type { CombinedError, OperationResult } from 'urql';
import { Client, fetchExchange } from 'urql';
import { graphql, type ResultOf } from '../graphql';
import { takeEarly } from '../boot/early';
import type { EarlyAnswers } from '../boot/early-exchange';
import { Login, Refresh, REFRESH_LOCK, type SessionFields } from './session-query';
import { errorCode } from '../lib/errors';
import {
  asSubscriptionInput,
  RemoveWebPushSubscription,
  SaveWebPushSubscription,
  thisBrowsersSubscription,
} from '../notifications/browser-push';

const Logout = graphql(`
  mutation Logout {
    logout
  }
`);

export type SessionUser = ResultOf<typeof SessionFields>['user'];

export type SessionState =
  | { status: 'starting' }
  | { status: 'signedOut'; notice?: string }
  | { status: 'signedIn'; token: string; expiresAt: number; user: SessionUser; signIn: number };

/** Renew this long before the access token expires. */
const RENEW_BEFORE_MS = 60_000;
/** After a failed renewal that may pass (the server unreachable), try again this soon. */
const RETRY_MS = 10_000;

let state: SessionState = { status: 'starting' };
const listeners = new Set<() => void>();
let renewTimer: ReturnType<typeof setTimeout> | undefined;
let refreshing: Promise<boolean> | undefined;
/** Counts sign-ins, so that each gets a fresh cache (nothing of one person shows to the next). */
let signIns = 0;

// Sign-in calls keep out of the app's cache; the cookie goes along (same origin).
const authClient = new Client({
  url: '/graphql',
  exchanges: [fetchExchange],
  requestPolicy: 'network-only',
  fetchOptions: (): RequestInit => ({
    credentials: 'same-origin',
    headers: state.status === 'signedIn' ? { authorization: `Bearer ${state.token}` } : {},
  }),
});

export const getSession = (): SessionState => state;
export const accessToken = (): string | undefined => (state.status === 'signedIn' ? state.token : undefined);

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function set(next: SessionState): void {
  state = next;
  clearTimeout(renewTimer);
  if (next.status === 'signedIn') {
    const wait = Math.max(5_000, next.expiresAt - Date.now() - RENEW_BEFORE_MS);
    renewTimer = setTimeout(() => void refresh(), wait);
  }
  for (const listener of listeners) listener();
}

function signedIn(session: ResultOf<typeof SessionFields>, newSignIn: boolean): void {
  const previous = state.status === 'signedIn' ? state : undefined;
  const fresh = newSignIn || !previous || previous.user.id !== session.user.id;
  set({
    status: 'signedIn',
    token: session.accessToken,
    expiresAt: Date.parse(session.accessTokenExpiresAt),
    user: session.user,
    signIn: fresh ? ++signIns : previous.signIn,
  });
  if (fresh) void keepThisBrowsersPush();
}

/** A push subscription this browser holds is saved again at each sign-in: one its push service
 * replaced without telling the service worker the old one (which some browsers do) reaches the server,
 * and so does one a sign-in of another person on this browser had taken over. */
async function keepThisBrowsersPush(): Promise<void> {
  try {
    const subscription = await thisBrowsersSubscription();
    if (!subscription || Notification.permission !== 'granted') return;
    await authClient.mutation(SaveWebPushSubscription, { subscription: asSubscriptionInput(subscription) }).toPromise();
  } catch {
    // Push is a nicety here: the preferences page says whether it is on.
  }
}

/** Signs in; answers the error to show, or undefined on success. */
export async function login(email: string, password: string): Promise<CombinedError | undefined> {
  const result = await authClient.mutation(Login, { email, password }).toPromise();
  if (result.data) signedIn(result.data.login, true);
  return result.error;
}

/** Trades the refresh cookie for a new access token; false when the sign-in is over. */
export function refresh(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      return await renewLocked();
    } finally {
      refreshing = undefined;
    }
  })();
  return refreshing;
}

const renewLocked = async (): Promise<boolean> =>
  navigator.locks ? await navigator.locks.request(REFRESH_LOCK, renew) : await renew();

async function renew(): Promise<boolean> {
  return settle(await authClient.mutation(Refresh, {}).toPromise());
}

/** What a refresh answered, made the session's state: true when signed in. */
function settle(result: OperationResult<ResultOf<typeof Refresh>>): boolean {
  if (result.data) {
    signedIn(result.data.refreshToken, false);
    return true;
  }
  if (errorCode(result.error) === 'UNAUTHENTICATED') {
    const wasSignedIn = state.status === 'signedIn';
    set({ status: 'signedOut', ...(wasSignedIn && { notice: 'Your sign-in has ended. Please sign in again.' }) });
    return false;
  }
  // The server did not answer: keep a live sign-in and try again soon; on load, show the sign-in page.
  if (state.status === 'signedIn') {
    clearTimeout(renewTimer);
    renewTimer = setTimeout(() => void refresh(), RETRY_MS);
  } else set({ status: 'signedOut', notice: 'The server cannot be reached right now. Try again in a moment.' });
  return false;
}

export async function logout(): Promise<void> {
  await endThisBrowsersPush();
  await authClient.mutation(Logout, {}).toPromise();
  set({ status: 'signedOut' });
}

/** A shared browser must not go on showing a person's notifications once they sign out: its push
 * subscription ends with the sign-in (forgotten by the server while the token still says whose it is). */
async function endThisBrowsersPush(): Promise<void> {
  try {
    const subscription = await thisBrowsersSubscription();
    if (!subscription) return;
    await authClient.mutation(RemoveWebPushSubscription, { endpoint: subscription.endpoint }).toPromise();
    await subscription.unsubscribe();
  } catch {
    // Signing out must not fail over push: at worst the server forgets the browser at its next 410.
  }
}

/** Answers the page load sent early (boot/early.ts) for the first sign-in's cache. */
let earlyAnswers: EarlyAnswers = new Map();
export function takeEarlyAnswers(): EarlyAnswers {
  const answers = earlyAnswers;
  earlyAnswers = new Map();
  return answers;
}

/** On load: a tab with a live refresh cookie is signed in at once, by the refresh the page load sent
 * early when there is one. Once only, even if asked twice. */
let started = false;
export function startSession(): void {
  if (started) return;
  started = true;
  const early = takeEarly();
  if (!early) void refresh();
  else {
    refreshing = early
      .then(({ refresh: result, answers }) => {
        earlyAnswers = answers;
        return settle(result);
      })
      .catch(renewLocked)
      .finally(() => (refreshing = undefined));
  }
  // Timers sleep in background tabs: on coming back, renew at once if the token is about to expire.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && state.status === 'signedIn') {
      if (state.expiresAt - Date.now() < RENEW_BEFORE_MS) void refresh();
    }
  });
}
