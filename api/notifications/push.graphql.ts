// Web Push over GraphQL: the VAPID public key a browser subscribes with, and saving or removing the
// browser's subscription for the person signed in (people only, like the notification centre), and
// renewing one for the service worker when the browser's push service replaced it. Which
// events reach them by push is a preference like any other (channel `push`).
import { requirePerson } from '../graphql/viewer.js';
import type { Resolvers } from '../graphql/resolvers-types.js';

export const typeDefs = /* GraphQL */ `
  "A browser you opted in to Web Push from."
  type WebPushSubscription {
    "Its push service's URL for this browser."
    endpoint: String!
    createdAt: DateTime!
  }

  "A browser's PushSubscription as its toJSON() gives it."
  input WebPushSubscriptionInput {
    "https:// (http:// on 127.0.0.1 or localhost where the app itself runs over http, in development)."
    endpoint: String!
    expirationTime: Float
    keys: WebPushSubscriptionKeysInput!
  }

  input WebPushSubscriptionKeysInput {
    "The browser's P-256 public key, base64url (65 bytes)."
    p256dh: String!
    "The browser's auth secret, base64url (16 bytes)."
    auth: String!
  }

  "The subscription a browser's push service replaced, as its toJSON() gave it."
  input WebPushPreviousSubscriptionInput {
    endpoint: String!
    "Its auth secret (keys.auth): only that browser and this server know it."
    auth: String!
  }

  extend type Query {
    "The VAPID public key (base64url): PushManager.subscribe's applicationServerKey."
    webPushPublicKey: String!
  }

  extend type Mutation {
    """
    Keeps this browser's push subscription for you: the events you have push on for reach it. A bad
    subscription answers BAD_USER_INPUT (reason INVALID_PUSH_SUBSCRIPTION, fields naming the parts) and
    nothing is kept. Saving an endpoint again replaces its keys (and makes it yours).
    """
    saveWebPushSubscription(subscription: WebPushSubscriptionInput!): WebPushSubscription!
    """
    Forgets one of your browsers by its endpoint (after PushSubscription.unsubscribe()). An endpoint
    that is not one of yours answers NOT_FOUND (reason UNKNOWN_PUSH_SUBSCRIPTION).
    """
    removeWebPushSubscription(endpoint: String!): Boolean!
    """
    For the service worker, on pushsubscriptionchange (nobody need be signed in): the browser's new
    subscription takes the place of the previous one, for the same person. The previous endpoint and
    its auth secret must match a kept subscription, else NOT_FOUND (reason UNKNOWN_PUSH_SUBSCRIPTION)
    and nothing changes; a bad new subscription answers as saveWebPushSubscription does.
    """
    renewWebPushSubscription(
      previous: WebPushPreviousSubscriptionInput!
      subscription: WebPushSubscriptionInput!
    ): WebPushSubscription!
  }
`;

export const resolvers: Resolvers = {
  Query: {
    webPushPublicKey: async (_, __, ctx) => {
      requirePerson(ctx.viewer);
      return (await ctx.webPush.keys()).publicKey;
    },
  },
  Mutation: {
    saveWebPushSubscription: (_, args, ctx) =>
      ctx.services.notifications.saveSubscription(requirePerson(ctx.viewer), args.subscription, ctx.webPush),
    removeWebPushSubscription: (_, args, ctx) =>
      ctx.services.notifications.removeSubscription(requirePerson(ctx.viewer), args.endpoint),
    // The browser proves itself with the previous subscription's secret: no viewer is needed.
    renewWebPushSubscription: (_, args, ctx) =>
      ctx.services.notifications.renewSubscription(args.previous, args.subscription, ctx.webPush),
  },
};
