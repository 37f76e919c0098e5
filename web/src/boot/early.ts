// The first requests of a page load, sent before the app's code has loaded (main.tsx sends them, then
// loads the app, whose code was already downloading): the refresh cookie traded for a session and, for
// staff opening their queue, the queue's first page with that session. The app takes both answers
// (session.ts, and client.ts through early-exchange.ts) instead of asking again, so the default view
// is two round trips from navigation, made while the app's code loads, not a chain after it.
import {
  Client,
  createRequest,
  fetchExchange,
  formatDocument,
  makeOperation,
  mapExchange,
  type OperationResult,
} from 'urql';
import type { ResultOf } from '../graphql';
import type { EarlyAnswers } from './early-exchange';
import { QueuePageQuery } from '../queue/page-query';
import { HOME_ALIASES, matchRoute, mayOpen } from '../routes';
import { Refresh, REFRESH_LOCK } from '../session/session-query';

export interface EarlyStart {
  /** The refresh mutation's answer. */
  refresh: OperationResult<ResultOf<typeof Refresh>>;
  /** The data of the early queries by urql operation key (none when the page is not the queue). */
  answers: EarlyAnswers;
}

/** The variables the queue page asks with an address of no view, filter or sort (QueuePage.tsx). */
const LANDING_VARIABLES = { view: null, filter: null };

let early: Promise<EarlyStart> | undefined;

/** The longest the app waits for the refresh to go out (another tab may hold the lock a while). */
const SEND_WAIT_MS = 30;

/** Sends the early requests (once, from main.tsx); resolves when the refresh has gone out, so that
 * loading the app (whose code takes the main thread a while) does not hold it back. */
export function sendEarly(): Promise<void> {
  let sent!: () => void;
  const out = new Promise<void>((resolve) => (sent = resolve));
  early = start(sent);
  return Promise.race([out, new Promise<void>((resolve) => setTimeout(resolve, SEND_WAIT_MS))]);
}

/** The early start, to the first who asks (session.ts on load); later renewals go out as usual. */
export function takeEarly(): Promise<EarlyStart> | undefined {
  const taken = early;
  early = undefined;
  return taken;
}

async function start(sent: () => void): Promise<EarlyStart> {
  const client = (token?: string) =>
    new Client({
      url: '/graphql',
      // With __typename everywhere, as the app's cache asks (it keeps the answer).
      exchanges: [
        mapExchange({ onOperation: (op) => ({ ...makeOperation(op.kind, op), query: formatDocument(op.query) }) }),
        fetchExchange,
      ],
      requestPolicy: 'network-only',
      fetchOptions: { credentials: 'same-origin', headers: token ? { authorization: `Bearer ${token}` } : {} },
    });
  const trade = () => {
    const answer = client().mutation(Refresh, {}).toPromise();
    sent();
    return answer;
  };
  const refresh = await (navigator.locks ? navigator.locks.request(REFRESH_LOCK, trade) : trade());
  const session = refresh.data?.refreshToken;
  if (!session || !landsOnQueue(session.user.role)) return { refresh, answers: new Map() };
  // Kept under the key of the app's own operation, which asks the same.
  const request = createRequest(QueuePageQuery, LANDING_VARIABLES);
  const page = await client(session.accessToken).query(QueuePageQuery, LANDING_VARIABLES).toPromise();
  if (!page.data || page.error) return { refresh, answers: new Map() };
  return { refresh, answers: new Map([[request.key, page.data as Record<string, unknown>]]) };
}

/** Whether this address shows the queue's default view to someone of this role (App.tsx's Landing). */
function landsOnQueue(role: string): boolean {
  const match = matchRoute(location.pathname);
  if (!match || !mayOpen('queue', role)) return false;
  return HOME_ALIASES.has(match.name) || (match.name === 'queue' && location.search === '');
}
