// The app's GraphQL client: urql with a normalized cache (graphcache), so that a ticket changed by a
// mutation or a live event is changed everywhere it shows. Subscriptions come over server-sent events
// from /graphql like every other operation. One client per sign-in: nothing cached for one person
// shows to the next.
import { cacheExchange, type Cache } from '@urql/exchange-graphcache';
import { Client, fetchExchange, makeOperation, mapExchange } from 'urql';
import { errorCode } from './lib/errors';
import { accessToken, refresh } from './session/session';

/** Ticket lists hold whichever tickets match: after a new ticket, they are read again. */
function invalidateTicketLists(cache: Cache): void {
  for (const field of cache.inspectFields('Query')) {
    if (field.fieldName === 'tickets') cache.invalidate('Query', field.fieldName, field.arguments);
  }
}

/** The notification centre's pages and unread count: after a new notification or marking read, read again. */
function invalidateNotifications(cache: Cache): void {
  for (const field of cache.inspectFields('Query')) {
    if (field.fieldName === 'notifications') cache.invalidate('Query', field.fieldName, field.arguments);
  }
}

const embedded = () => null;

export function createClient(): Client {
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
      cacheExchange({
        keys: {
          // Tickets are known by number; these types have no identity of their own.
          Ticket: (ticket) => (typeof ticket.number === 'string' ? ticket.number : null),
          TicketForm: (form) => (typeof form.process === 'string' ? form.process : null),
          ProcessSummary: (p) => (typeof p.key === 'string' ? p.key : null),
          PublishedProcess: (p) => (typeof p.key === 'string' ? `${p.key}@${String(p.version)}` : null),
          ProcessDraft: (d) => (typeof d.key === 'string' ? d.key : null),
          Group: (g) => (typeof g.key === 'string' ? g.key : null),
          AttachFileResult: embedded,
          Board: embedded,
          BoardColumn: embedded,
          AuditLogConnection: embedded,
          CreatedApiKey: embedded,
          NotificationConnection: embedded,
          NotificationPreference: (p) => `${String(p.event)}/${String(p.channel)}`,
          DefinitionProblem: embedded,
          DefinitionValidation: embedded,
          FormField: embedded,
          PageInfo: embedded,
          PersonActor: embedded,
          ProcessVersionInfo: embedded,
          ProcessRef: embedded,
          Requester: embedded,
          Session: embedded,
          SystemActor: embedded,
          TicketConnection: embedded,
          TicketEvent: embedded,
          TimelineEvent: embedded,
          TransitionRef: embedded,
        },
        // A preference shows as changed at once; the cache puts it back should the save fail.
        optimistic: {
          setNotificationPreference: (args) => ({ __typename: 'NotificationPreference', ...args }),
        },
        updates: {
          Mutation: {
            createTicket: (_result, _args, cache) => invalidateTicketLists(cache),
            // A new process joins the list.
            createProcessDraft: (_result, _args, cache) => cache.invalidate('Query', 'processDefinitions'),
            markNotificationsRead: (_result, _args, cache) => invalidateNotifications(cache),
          },
          Subscription: {
            notificationAdded: (_result, _args, cache) => invalidateNotifications(cache),
          },
        },
      }),
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
      fetchExchange,
    ],
  });
  return client;
}
