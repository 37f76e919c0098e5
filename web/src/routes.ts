// The route table: every page of the app by name, with its path (`:name` for a part of the address
// that varies), the search parameters it reads and who may open it. Links and navigate() take only
// the addresses made here (`routes.ticket.href({ number })`, typed by the route's params and search),
// never text put together by hand; App.tsx and admin/AdminPages.tsx show the page matchRoute() names.
import { FILTER_PARAMS } from './queue/params.js';

export type Role = 'EMPLOYEE' | 'AGENT' | 'COORDINATOR' | 'ADMIN';

declare const made: unique symbol;
/** An address made by the table: what Link and navigate() take. */
export type Href = string & { readonly [made]: true };

type ParamsOf<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamsOf<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

type SearchOf<S extends string> = Partial<Record<S, string | number | boolean | null | undefined>>;

/** href(params, search) for a path with params; href(search) for one without. */
type HrefArgs<P extends string, S extends string> = [ParamsOf<P>] extends [never]
  ? [search?: SearchOf<S>]
  : [params: Record<ParamsOf<P>, string>, search?: SearchOf<S>];

export interface Route<P extends string = string, S extends string = string> {
  readonly path: P;
  /** Who may open it; anyone signed in when undefined. */
  readonly roles: readonly Role[] | undefined;
  href(...args: HrefArgs<P, S>): Href;
  /** The params of an address of this route, or null when it is another's. */
  match(pathname: string): Record<ParamsOf<P>, string> | null;
}

/** What a param may hold: ticket numbers (IT-000042) and process keys (it-support). */
const PARAM = '([A-Za-z0-9_-]+)';

function route<P extends string, S extends string = never>(
  path: P,
  options: { roles?: readonly Role[]; search?: readonly S[] } = {},
): Route<P, S> {
  const names = [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const pattern = new RegExp(`^${path.replace(/:\w+/g, PARAM)}$`);
  return {
    path,
    roles: options.roles,
    href(...args: unknown[]) {
      const params = (names.length ? args[0] : undefined) as Record<string, string> | undefined;
      const search = (names.length ? args[1] : args[0]) as SearchOf<S> | undefined;
      const base = path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params![name]!));
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(search ?? {}))
        if (value !== undefined && value !== null && value !== false && value !== '')
          query.set(key, value === true ? '1' : String(value));
      const text = query.toString();
      return (text ? `${base}?${text}` : base) as Href;
    },
    match(pathname) {
      const found = pattern.exec(pathname);
      if (!found) return null;
      return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1]!)])) as Record<
        ParamsOf<P>,
        string
      >;
    },
  };
}

const STAFF: readonly Role[] = ['AGENT', 'COORDINATOR', 'ADMIN'];
const ADMINS: readonly Role[] = ['ADMIN'];

/** In the order they are matched: /tickets/new before /tickets/:number. */
export const routes = {
  home: route('/'),
  signIn: route('/signin'),
  register: route('/register'),
  myTickets: route('/tickets'),
  newTicket: route('/tickets/new'),
  ticket: route('/tickets/:number'),
  notifications: route('/notifications'),
  notificationPreferences: route('/notifications/preferences'),
  /** Search results (search/SearchPage.tsx): the words or number searched. */
  search: route('/search', { search: ['q'] }),
  /** The board's process and filters (board/filters.ts). */
  board: route('/board', { roles: STAFF, search: ['process', 'mine', 'group', 'priority', 'sla', 'q'] }),
  /** The window in days (7, 30, 90); the reports' period (last7, last30, last90, month, custom with
   * from–to, YYYY-MM-DD) and rows (group, process, agent): dashboard/report-period.ts. */
  dashboard: route('/dashboard', { roles: STAFF, search: ['days', 'period', 'from', 'to', 'by'] }),
  /** The queue (issue 18): a saved view, the sort, and the filters (queue/params.ts); `open` (1: not done),
   * `firstResponse` (answered | unanswered: by staff, the reports' rule). */
  queue: route('/queue', { roles: STAFF, search: ['view', 'sort', ...FILTER_PARAMS] }),
  /** Canned replies and macros, for those who manage them (macros/MacrosPage.tsx). */
  macros: route('/macros', { roles: ['COORDINATOR', 'ADMIN'] }),
  admin: route('/admin', { roles: ADMINS }),
  adminProcesses: route('/admin/processes', { roles: ADMINS }),
  adminProcessEditor: route('/admin/processes/:key/edit', { roles: ADMINS }),
  /** Versions a (left) and b (right). */
  adminCompareVersions: route('/admin/processes/:key/compare', { roles: ADMINS, search: ['a', 'b'] }),
  adminUsers: route('/admin/users', { roles: ADMINS }),
  adminGroups: route('/admin/groups', { roles: ADMINS }),
  adminApiKeys: route('/admin/api-keys', { roles: ADMINS }),
  adminAuditLog: route('/admin/audit', { roles: ADMINS }),
};

type Routes = typeof routes;
export type RouteName = keyof Routes;
type MatchOf<N extends RouteName> = { name: N; params: NonNullable<ReturnType<Routes[N]['match']>> };
/** A matched address: the route's name and its params, typed by the name. */
export type RouteMatch = { [N in RouteName]: MatchOf<N> }[RouteName];
export type AdminRouteName = Extract<RouteName, `admin${string}`>;

/** The route an address names, the first in the table's order; null for an address of no page. */
export function matchRoute(pathname: string): RouteMatch | null {
  for (const name of Object.keys(routes) as RouteName[]) {
    const params = routes[name].match(pathname);
    if (params) return { name, params } as RouteMatch;
  }
  return null;
}

/** Whether a person of this role may open the route's page. */
export const mayOpen = (name: RouteName, role: string): boolean => {
  const roles = routes[name].roles;
  return !roles || roles.includes(role as Role);
};

/** Addresses that, signed in, land on one's start page (App.tsx's Landing). */
export const HOME_ALIASES: ReadonlySet<string> = new Set<RouteName>(['home', 'signIn', 'register']);

/** The admin area: its pages, and any other address under /admin (which it answers "not found"). */
export const inAdminArea = (pathname: string): boolean =>
  pathname === routes.admin.path || pathname.startsWith(`${routes.admin.path}/`);
