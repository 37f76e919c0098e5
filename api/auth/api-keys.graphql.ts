// API keys over GraphQL: admins create, list and revoke the keys external systems use. The key's full
// text is in createApiKey's answer and nowhere else, ever.
import { requirePerson } from '../graphql/viewer.js';
import type { Resolvers } from '../graphql/resolvers-types.js';

export const typeDefs = /* GraphQL */ `
  "A key an external system sends as 'Authorization: Bearer <key>'. Its secret is never shown again."
  type ApiKey {
    id: ID!
    "Who uses it, e.g. mail-gateway; signals it sends name it as their source."
    name: String!
    "The key's first part after 'tfk_', to tell keys apart."
    prefix: String!
    "Process keys whose tickets it may touch."
    processes: [String!]!
    "Signals it may send to tickets of those processes."
    signals: [String!]!
    "May create tickets of those processes."
    createTickets: Boolean!
    "May read tickets of those processes."
    readTickets: Boolean!
    "The admin who created it."
    createdBy: User
    createdAt: DateTime!
    "Set once revoked: the key no longer authenticates."
    revokedAt: DateTime
    "When it was last used, to about a minute."
    lastUsedAt: DateTime
  }

  "A new key: the key itself, shown this once, and what it is."
  type CreatedApiKey {
    "The whole key (tfk_…): store it now, it cannot be read again."
    secret: String!
    key: ApiKey!
  }

  "What a new key may do."
  input CreateApiKeyInput {
    name: String!
    "Published process keys."
    processes: [String!]!
    "Signal names declared by those processes."
    signals: [String!]!
    createTickets: Boolean! = false
    readTickets: Boolean! = false
  }

  extend type Query {
    "Every API key, newest first, revoked ones included (admins)."
    apiKeys: [ApiKey!]!
  }

  extend type Mutation {
    "Creates an API key (admins); the answer holds its secret, once."
    createApiKey(input: CreateApiKeyInput!): CreatedApiKey!
    "Revokes an API key at once (admins)."
    revokeApiKey(id: ID!): ApiKey!
  }
`;

export const resolvers: Resolvers = {
  Query: {
    apiKeys: (_, __, ctx) => ctx.services.apiKeys.list(requirePerson(ctx.viewer)),
  },
  Mutation: {
    createApiKey: (_, args, ctx) => ctx.services.apiKeys.create(requirePerson(ctx.viewer), args.input),
    revokeApiKey: (_, args, ctx) => ctx.services.apiKeys.revoke(requirePerson(ctx.viewer), args.id),
  },
  ApiKey: {
    processes: (k) => k.scope.processes,
    signals: (k) => k.scope.signals,
    createTickets: (k) => k.scope.createTickets,
    readTickets: (k) => k.scope.readTickets,
    createdBy: (k, _, ctx) => (k.createdBy ? ctx.users.load(k.createdBy) : null),
  },
};
