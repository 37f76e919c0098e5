// People over GraphQL: who am I, registration, sign-in with short-lived access tokens and rotated
// refresh tokens (in the body, and for browsers in an httpOnly cookie), and approvals.
import type { CookieOptions } from 'express';
import type { GraphQLContext } from '../graphql/context.js';
import { requirePerson } from '../graphql/viewer.js';
import { AppError } from '../../platform/errors.js';
import {
  issueRefreshToken,
  revokeRefreshToken,
  revokeSession,
  rotateRefreshToken,
  signAccessToken,
} from '../auth/tokens.js';
import { assertMaySignIn, register, signIn } from './accounts.js';
import { getUser } from '../../platform/people/users.js';
import type { User } from '../../platform/people/users.js';
import type { Resolvers } from '../graphql/resolvers-types.js';
import { clearDevMailCookie, cookieValue, setDevMailCookie } from '../web/dev-mail-access.js';

export const typeDefs = /* GraphQL */ `
  "A person with an account."
  type User {
    id: ID!
    email: String!
    name: String!
    "EMPLOYEE, AGENT, COORDINATOR or ADMIN."
    role: String!
    "pending (waiting for approval), active, away (no new assignments), inactive or rejected."
    status: String!
  }

  "A sign-in: an access token to send as 'Authorization: Bearer <accessToken>', and how to renew it."
  type Session {
    accessToken: String!
    "When the access token expires; renew it with refreshToken before then."
    accessTokenExpiresAt: DateTime!
    "Single use: each refresh returns the next. Browsers also get it in an httpOnly cookie."
    refreshToken: String!
    user: User!
  }

  "An employee's registration."
  input RegisterInput {
    email: String!
    name: String!
    "At least 10 characters."
    password: String!
  }

  extend type Query {
    "The signed-in person."
    me: User!
  }

  extend type Mutation {
    "Registers an employee account; it can sign in once an admin approves it. Limited per client address (RATE_LIMITED)."
    register(input: RegisterInput!): User!
    "Signs in with email and password. Attempts are limited per email and client address (RATE_LIMITED)."
    login(email: String!, password: String!): Session!
    "Trades a refresh token (from the body or the cookie) for a new session. A token used twice ends the sign-in."
    refreshToken(refreshToken: String): Session!
    """
    Ends a sign-in: the one the refresh token (body or cookie) belongs to, else the one of the access
    token. Its refresh and access tokens stop working at once, and its live streams end.
    """
    logout(refreshToken: String): Boolean!
    "Approves a pending registration (admins)."
    approveUser(userId: ID!): User!
    "Rejects a pending registration (admins)."
    rejectUser(userId: ID!): User!
  }
`;

const COOKIE = 'tf_refresh';

function cookieOptions(ctx: GraphQLContext): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.req.secure,
    path: '/graphql',
    maxAge: ctx.tokens.refreshTtlDays * 86_400_000,
  };
}

async function session(ctx: GraphQLContext, user: User, refresh: { token: string; familyId: string }) {
  const refreshToken = refresh.token;
  ctx.res.cookie(COOKIE, refreshToken, cookieOptions(ctx));
  const accessToken = await signAccessToken(ctx.tokens, {
    userId: user.id,
    role: user.role,
    sessionId: refresh.familyId,
  });
  // Where the development mail page is served, an admin's browser may open it with it (api/web/dev-mail-access.ts).
  if (ctx.devMailPage) setDevMailCookie(ctx.req, ctx.res, ctx.tokens, user.role, accessToken);
  return {
    accessToken,
    accessTokenExpiresAt: new Date(Date.now() + ctx.tokens.accessTtlSeconds * 1000),
    refreshToken,
    user,
  };
}

function presentedToken(ctx: GraphQLContext, fromBody: string | null | undefined): string {
  const token = fromBody ?? cookieValue(ctx.req.headers.cookie, COOKIE);
  if (!token) throw new AppError('UNAUTHENTICATED', 'no refresh token: sign in', { reason: 'REFRESH_INVALID' });
  return token;
}

/** The client's address as express sees it (behind a proxy, set express's 'trust proxy' to see the client's). */
const clientAddress = (ctx: GraphQLContext) => ctx.req.ip ?? ctx.req.socket.remoteAddress ?? 'unknown';

export const resolvers: Resolvers = {
  Query: {
    me: (_, __, ctx) => requirePerson(ctx.viewer),
  },
  Mutation: {
    register: async (_, args, ctx) => {
      await ctx.rateLimits.register(clientAddress(ctx));
      return register(ctx.db, args.input);
    },
    login: async (_, args, ctx) => {
      // Counted before the password is checked: guessing costs an attempt whether it succeeds or not.
      await ctx.rateLimits.login(args.email, clientAddress(ctx));
      const user = await signIn(ctx.db, args.email, args.password);
      return session(ctx, user, await issueRefreshToken(ctx.db, ctx.tokens, user.id));
    },
    refreshToken: async (_, args, ctx) => {
      const rotated = await rotateRefreshToken(ctx.db, ctx.tokens, presentedToken(ctx, args.refreshToken));
      if (rotated.reused) {
        ctx.res.clearCookie(COOKIE, { path: '/graphql' });
        if (ctx.devMailPage) clearDevMailCookie(ctx.res);
        throw new AppError('UNAUTHENTICATED', 'this refresh token was used before: the sign-in has ended', {
          reason: 'REFRESH_REUSED',
        });
      }
      const user = await getUser(ctx.db, rotated.userId);
      assertMaySignIn(user);
      return session(ctx, user, rotated);
    },
    logout: async (_, args, ctx) => {
      const viewer = ctx.viewer;
      const fromAccessToken = viewer.kind === 'person' ? viewer.sessionId : undefined;
      if (!args.refreshToken && !cookieValue(ctx.req.headers.cookie, COOKIE) && fromAccessToken)
        await revokeSession(ctx.db, fromAccessToken);
      else await revokeRefreshToken(ctx.db, presentedToken(ctx, args.refreshToken));
      ctx.res.clearCookie(COOKIE, { path: '/graphql' });
      if (ctx.devMailPage) clearDevMailCookie(ctx.res);
      return true;
    },
    approveUser: (_, args, ctx) => ctx.services.people.decideRegistration(requirePerson(ctx.viewer), args.userId, true),
    rejectUser: (_, args, ctx) => ctx.services.people.decideRegistration(requirePerson(ctx.viewer), args.userId, false),
  },
};
