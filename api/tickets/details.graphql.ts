// What a ticket's page shows beyond its row, over GraphQL: the description, who asked, the comments,
// long-text field values as their text (platform/tickets/details.ts) and the definitions of the fields
// the reader may see. Each is read only when a query asks for it, and only as the viewer may see it:
// internal notes are for the staff who work the ticket, a field hidden from someone is not theirs.
import type { GraphQLContext } from '../graphql/context.js';
import type { Resolvers } from '../graphql/resolvers-types.js';
import { readerOf } from '../graphql/viewer.js';

export const typeDefs = /* GraphQL */ `
  "Who asked for a ticket: a person with an account, or someone a system submitted for."
  type Requester {
    name: String!
    email: String!
    "Their account; null for someone without one."
    user: User
  }

  "A public reply or an internal note on a ticket."
  type Comment {
    id: ID!
    body: String!
    visibility: CommentVisibility!
    "Who wrote it; null when a system did (a signal recorded as a comment)."
    author: User
    "The staff an internal note mentions (@local-part or @email) and notified: those who may read it. None for a public reply."
    mentions: [User!]!
    createdAt: DateTime!
  }

  extend type Ticket {
    "What was written when the ticket was submitted; null when nothing was."
    description: String
    "Who asked."
    requester: Requester!
    "Public replies, and internal notes for staff, oldest first."
    comments: [Comment!]!
    "Field values by key, long texts as their text (fields holds them as { text: id }); only the fields the reader may see."
    fieldValues: JSON!
    "The fields of the ticket's process version that the reader may see, in definition order: the labels and types of fieldValues (staffOnly: set by staff only)."
    fieldDefinitions: [FormField!]!
  }
`;

/** The reader, for internal notes: a person (those who work the ticket read them), or a system (never). */
const reader = (ctx: GraphQLContext) => readerOf(ctx.viewer);

export const resolvers: Resolvers = {
  Ticket: {
    description: (t, _, ctx) => ctx.services.tickets.details.description(t),
    requester: async (t, _, ctx) => {
      const row = await ctx.services.tickets.details.requester(t);
      return { name: row.name, email: row.email, user: row.user_id ? ctx.users.load(row.user_id) : null };
    },
    comments: (t, _, ctx) => ctx.services.tickets.details.comments(reader(ctx), t),
    fieldValues: (t, _, ctx) => ctx.services.tickets.details.fieldValues(reader(ctx), t),
    fieldDefinitions: async (t, _, ctx) =>
      (await ctx.services.tickets.details.fieldDefinitions(reader(ctx), t)).map((f) => ({
        ...f,
        required: f.required ?? false,
        options: f.options ?? [],
      })),
  },
  Comment: {
    author: (c, _, ctx) => (c.author_id ? ctx.users.load(c.author_id).catch(() => null) : null),
    mentions: async (c, _, ctx) => {
      const users = await Promise.all(c.mention_ids.map((id) => ctx.users.load(id).catch(() => null)));
      return users.filter((u) => u !== null);
    },
    createdAt: (c) => c.created_at,
  },
};
