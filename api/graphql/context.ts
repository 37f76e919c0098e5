// What every resolver gets: the services, who is asking, and per-request helpers.
import type { Request, Response } from 'express';
import type { Db } from '../../platform/store/db.js';
import type { RateLimits } from '../auth/rate-limits.js';
import type { TokenSettings } from '../auth/tokens.js';
import type { TicketEventSource } from '../live/listener.js';
import { getUser } from '../people/accounts.js';
import type { User } from '../people/users.js';
import type { Services } from '../services.js';
import { viewerOf, type Viewer } from './viewer.js';

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
}

export interface GraphQLContext extends GraphQLDeps {
  viewer: Viewer;
  /** People by id, each loaded once per request. */
  users: { load(id: string): Promise<User> };
  req: Request;
  res: Response;
}

export async function createContext(deps: GraphQLDeps, req: Request, res: Response): Promise<GraphQLContext> {
  const loaded = new Map<string, Promise<User>>();
  return {
    ...deps,
    req,
    res,
    viewer: await viewerOf(deps.db, deps.tokens, req.headers.authorization ?? null),
    users: {
      load(id) {
        let user = loaded.get(id);
        if (!user) loaded.set(id, (user = getUser(deps.db, id)));
        return user;
      },
    },
  };
}
