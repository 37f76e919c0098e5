// Drafts over GraphQL: the signed-in person's unsent text on a ticket (a reply, an internal note, a
// transition's fields), read back by ticket and saved by slot (api/drafts/service.ts holds the rules).
// People only: an API key is FORBIDDEN; a ticket the person may not see is NOT_FOUND.
import type { Resolvers } from '../graphql/resolvers-types.js';
import { requirePerson } from '../graphql/viewer.js';

export const typeDefs = /* GraphQL */ `
  "What you typed on a ticket and have not sent yet, kept for you alone (on any device you sign in on)."
  type Draft {
    "The ticket's number."
    number: String!
    "What it is a draft of: reply, note, move:<transition key>, …"
    slot: String!
    "What was typed, as the web app saved it (text, or field values by key)."
    value: JSON!
    updatedAt: DateTime!
  }

  extend type Query {
    "Your drafts of a ticket you may see (NOT_FOUND otherwise), by slot."
    ticketDrafts(number: String!): [Draft!]!
  }

  extend type Mutation {
    """
    Keeps what you typed in a slot of a ticket you may see, replacing what was there; null or an empty
    value (blank text, an object of blank values) removes it and answers null. A slot is a short name
    (reply, note, move:<transition key>): another is BAD_USER_INPUT (reason INVALID_DRAFT_SLOT); a value
    over 64 KB of JSON is BAD_USER_INPUT (reason DRAFT_TOO_LARGE), and nothing is kept. Sending a comment
    removes your reply (or note) draft of the ticket; making a move, that transition's.
    """
    saveDraft(number: String!, slot: String!, value: JSON): Draft
  }
`;

export const resolvers: Resolvers = {
  Query: {
    ticketDrafts: (_, args, ctx) => ctx.services.drafts.list(requirePerson(ctx.viewer), args.number),
  },
  Mutation: {
    saveDraft: (_, args, ctx) =>
      ctx.services.drafts.save(requirePerson(ctx.viewer), args.number, args.slot, args.value ?? null),
  },
  Draft: {
    updatedAt: (d) => d.updated_at,
  },
};
