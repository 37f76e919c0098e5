// The app's GraphQL client: urql with a normalized cache (graphcache, cache.ts), so that a ticket
// changed by a mutation or a live event is changed everywhere it shows. Subscriptions come over
// server-sent events from /graphql like every other operation. One client per sign-in: nothing cached
// for one person shows to the next. The page load's early answers are taken before asking again.
import { Client, fetchExchange, makeOperation, mapExchange } from 'urql';
import { earlyExchange, type EarlyAnswers } from './boot/early-exchange';
import { createCache } from './cache';
import { errorCode } from './lib/errors';
import { accessToken, refresh } from './session/session';

/** `early`: answers the page load sent before the app loaded (boot/early.ts), each used once. */
export function createClient(early: EarlyAnswers = new Map()): Client {
  const client: Client = new Client({
    url: '/graphql',
    fetchSubscriptions: true,
    requestPolicy: 'cache-and-network',
    fetchOptions: () => {
      const token = accessToken();
      return {
        credentials: 'same-origin',
        // x-graphql-csrf: uploads are multipart requests, which the API takes only with it (CSRF).
        headers: { 'x-graphql-csrf': '1', ...(token && { authorization: `Bearer ${token}` }) },
      };
    },
    exchanges: [
      createCache(),
      // An access token that expired anyway (a laptop asleep): renew it, then read again.
      mapExchange({
        onError(error, operation) {
          if (errorCode(error) !== 'UNAUTHENTICATED' || operation.context.renewed) return;
          void refresh().then((renewed) => {
            if (renewed && operation.kind === 'query')
              client.reexecuteOperation(
                makeOperation(operation.kind, operation, {
                  ...operation.context,
                  requestPolicy: 'network-only',
                  renewed: true,
                }),
              );
          });
        },
      }),
      earlyExchange(early),
      fetchExchange,
    ],
  });
  return client;
}
