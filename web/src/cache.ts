// The app's normalized cache (graphcache): how each type is known (keys), how the lists that page by
// connection show as one list (relayPagination), and what a change does to what is cached, so that a
// ticket changed by a mutation or a live event is changed everywhere it shows and lists stay true.
import {
  cacheExchange,
  type Cache,
  type Data,
  type KeyingConfig,
  type Resolver,
  type UpdateResolver,
} from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { graphql } from './graphql';

const embedded = () => null;

/** Tickets are known by number; the types without identity of their own live inside their parent. */
const keys: KeyingConfig = {
  Ticket: (ticket) => (typeof ticket.number === 'string' ? ticket.number : null),
  TicketForm: (form) => (typeof form.process === 'string' ? form.process : null),
  ProcessSummary: (p) => (typeof p.key === 'string' ? p.key : null),
  PublishedProcess: (p) => (typeof p.key === 'string' ? `${p.key}@${String(p.version)}` : null),
  ProcessDraft: (d) => (typeof d.key === 'string' ? d.key : null),
  Group: (g) => (typeof g.key === 'string' ? g.key : null),
  NotificationPreference: (p) => `${String(p.event)}/${String(p.channel)}`,
  Draft: (d) => `${String(d.number)}/${String(d.slot)}`,
  AttachFileResult: embedded,
  Board: embedded,
  BoardColumn: embedded,
  AuditLogConnection: embedded,
  CreatedApiKey: embedded,
  NotificationConnection: embedded,
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
  TicketViewer: embedded,
  TimelineEvent: embedded,
  TransitionRef: embedded,
};

/**
 * My tickets, the audit log and the notification centre read a page at a time and show every page
 * read as one list (the Pager's "Load more"): relayPagination merges the pages of a field that differ
 * only in first and after.
 */
const pages = relayPagination();

/**
 * A board column's pages (a filter on one state) are not merged here: the board keeps its cards in a
 * state of its own (board/boardState.ts), where pages, live events and moves meet under version
 * checks; a page from the cache could bring back a card that has since left the column.
 */
const isBoardColumn = (args: Record<string, unknown>) =>
  typeof (args.filter as { state?: unknown } | null | undefined)?.state === 'string';

const ticketPages: Resolver = (parent, args, cache, info) =>
  isBoardColumn(args) ? cache.resolve(info.parentKey, info.fieldName, args) : pages(parent, args, cache, info);

/** The cached fields of Query with this name, with their arguments and their connections' keys. */
function cachedPages(cache: Cache, fieldName: string) {
  return cache
    .inspectFields('Query')
    .filter((field) => field.fieldName === fieldName)
    .map((field) => ({ args: field.arguments ?? {}, key: cache.resolve('Query', fieldName, field.arguments) }));
}

/** Whether two cached pages are of one list: the same arguments but for first and after. */
const sameList = (a: Record<string, unknown>, b: Record<string, unknown>) => {
  const rest = (args: Record<string, unknown>) =>
    JSON.stringify(Object.entries(args).filter(([name]) => name !== 'first' && name !== 'after'));
  return rest(a) === rest(b);
};

/**
 * A list's first page read again (the list opened anew) starts it afresh: the later pages were read
 * after the old first page, and new items since may have pushed some of its own onto them.
 */
const restartOnFirstPage =
  (fieldName: string): UpdateResolver =>
  (_parent, args, cache) => {
    if (args.after || isBoardColumn(args)) return;
    const written = cache.resolve('Query', fieldName, args);
    if (typeof written !== 'string' || !keysOf(cache.resolve(written, 'nodes'))) return;
    for (const page of cachedPages(cache, fieldName))
      if (page.args.after && sameList(page.args, args)) cache.invalidate('Query', fieldName, page.args);
  };

/** Ticket lists hold whichever tickets match: after a new ticket, they are read again. */
function invalidateTicketLists(cache: Cache): void {
  for (const page of cachedPages(cache, 'tickets')) cache.invalidate('Query', 'tickets', page.args);
}

/** After a saved view changed (made, changed, deleted, made default): the views, and every queue list,
 * which may be a view's, are read again. */
function invalidateViews(cache: Cache): void {
  cache.invalidate('Query', 'views');
  for (const page of cachedPages(cache, 'queue')) cache.invalidate('Query', 'queue', page.args);
}

/** Every unread count cached (the bell's, the notification centre's) is read again. */
function recountUnread(cache: Cache): void {
  for (const page of cachedPages(cache, 'notifications'))
    if (typeof page.key === 'string') cache.invalidate(page.key, 'unreadCount');
}

/** A list of links as their keys; undefined for what is not a list. */
const keysOf = (links: unknown): string[] | undefined =>
  Array.isArray(links) ? links.filter((link): link is string => typeof link === 'string') : undefined;

/** The notifications of every page cached, as cache keys. */
function cachedNotifications(cache: Cache): string[] {
  return cachedPages(cache, 'notifications').flatMap((page) =>
    typeof page.key === 'string' ? (keysOf(cache.resolve(page.key, 'nodes')) ?? []) : [],
  );
}

const ReadFlag = graphql(`
  fragment NotificationReadFlag on Notification {
    id
    read
  }
`);

/** A new notification heads the first pages cached (new ones are unread: unreadOnly pages too). */
const notificationAdded: UpdateResolver = (result, _args, cache) => {
  const added = cache.keyOfEntity(result.notificationAdded as Data | undefined);
  if (!added) return;
  for (const page of cachedPages(cache, 'notifications')) {
    if (page.args.after || typeof page.key !== 'string') continue;
    const nodes = keysOf(cache.resolve(page.key, 'nodes'));
    if (nodes && !nodes.includes(added)) cache.link(page.key, 'nodes', [added, ...nodes]);
  }
  recountUnread(cache);
};

/** Marked read, here as on the server: the ones named, or every one cached. */
const markNotificationsRead: UpdateResolver = (_result, args, cache) => {
  const ids = Array.isArray(args.ids)
    ? args.ids.filter((id): id is string => typeof id === 'string')
    : args.all
      ? cachedNotifications(cache).map((key) => String(cache.resolve(key, 'id')))
      : [];
  for (const id of ids) cache.writeFragment(ReadFlag, { id, read: true });
  recountUnread(cache);
};

export function createCache() {
  return cacheExchange({
    keys,
    resolvers: {
      Query: { tickets: ticketPages, auditLog: pages, notifications: pages },
    },
    // A preference shows as changed at once; the cache puts it back should the save fail.
    optimistic: {
      setNotificationPreference: (args) => ({ __typename: 'NotificationPreference', ...args }),
    },
    updates: {
      Query: {
        tickets: restartOnFirstPage('tickets'),
        auditLog: restartOnFirstPage('auditLog'),
        notifications: restartOnFirstPage('notifications'),
      },
      Mutation: {
        createTicket: (_result, _args, cache) => invalidateTicketLists(cache),
        // A new process joins the list.
        createProcessDraft: (_result, _args, cache) => cache.invalidate('Query', 'processDefinitions'),
        markNotificationsRead,
        createView: (_result, _args, cache) => invalidateViews(cache),
        updateView: (_result, _args, cache) => invalidateViews(cache),
        setDefaultView: (_result, _args, cache) => invalidateViews(cache),
        deleteView: (_result, args, cache) => {
          cache.invalidate({ __typename: 'QueueView', id: String(args.id) });
          invalidateViews(cache);
        },
      },
      Subscription: { notificationAdded },
    },
  });
}
