// What every resolver gets: the services, who is asking, and per-request helpers.
import type { Request, Response } from 'express';
import type { VapidKeys } from '../../platform/push/keys.js';
import type { Db } from '../../platform/store/db.js';
import type { RateLimits } from '../auth/rate-limits.js';
import type { TokenSettings } from '../auth/tokens.js';
import type { TicketEventSource } from '../live/listener.js';
import { notFound } from '../../platform/errors.js';
import { getUsers } from '../../platform/people/users.js';
import type { User } from '../../platform/people/users.js';
import type { Services } from '../services.js';
import { viewerOf, type Viewer } from './viewer.js';
import { batchLoader } from './batch.js';

export interface GraphQLDeps {
  db: Db;
  services: Services;
  tokens: TokenSettings;
  /** Shared by every replica: sign-ins, registrations, signals. */
  rateLimits: RateLimits;
  /** The Temporal Web UI, for links from a ticket to its workflow. */
  temporalUiUrl: string;
  namespace: string;
  /** Notices of committed ticket changes, for subscriptions. */
  live: TicketEventSource;
  /** Web Push: the VAPID keys (kept in Postgres unless configured) and which endpoints to accept. */
  webPush: { keys: () => Promise<VapidKeys>; allowLocalEndpoints: boolean };
  /** Development: the mail page is served (DEV_MAIL_PAGE), so admins' sessions carry its cookie. */
  devMailPage?: boolean;
}

export interface GraphQLContext extends GraphQLDeps {
  viewer: Viewer;
  /** People by id, each loaded once per request; `prime` gives one a query already read. */
  users: { load(id: string): Promise<User>; prime(user: User): void };
  req: Request;
  res: Response;
}

export async function createContext(deps: GraphQLDeps, req: Request, res: Response): Promise<GraphQLContext> {
  return {
    ...deps,
    req,
    res,
    viewer: await viewerOf(deps.db, deps.tokens, req.headers.authorization ?? null),
    users: userLoader(deps.db),
  };
}

/**
 * People by id, each loaded once per request. The ids asked for while a result is being put together
 * (the assignees of a page of tickets, say) are read in one query, not one query each.
 */
function userLoader(db: Db): GraphQLContext['users'] {
  const loaded = new Map<string, Promise<User>>();
  const read = batchLoader<string, User>(
    async (ids) => new Map((await getUsers(db, ids)).map((user) => [user.id, user])),
    (id) => notFound('User', id),
  );
  return {
    load(id) {
      let user = loaded.get(id);
      if (!user) loaded.set(id, (user = read(id)));
      return user;
    },
    prime(user) {
      if (!loaded.has(user.id)) loaded.set(user.id, Promise.resolve(user));
    },
  };
}
