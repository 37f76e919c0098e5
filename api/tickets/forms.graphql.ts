// What a ticket can be submitted to: every process that takes new tickets, with the fields its form
// asks for — those the caller may set on submit, so a requester's form has none of the staff's — for
// the "new ticket" form of the web app and for systems that submit tickets; for a person, the one
// their form starts on.
import { ticketCaller } from '../graphql/viewer.js';
import type { Resolvers } from '../graphql/resolvers-types.js';

export const typeDefs = /* GraphQL */ `
  "A process one may submit tickets to, at the version a new ticket starts on."
  type TicketForm {
    "The process key, as createTicket's input.process."
    process: String!
    name: String!
    "The version a ticket submitted now starts on."
    version: Int!
    "The fields of the form the caller may set on submit, in definition order: for a requester none of the staff's."
    fields: [FormField!]!
    """
    True for the one form a person's new ticket starts on: the process of most of their own tickets,
    else the first process of their groups, else the first form. False for every form of an API key.
    """
    preferred: Boolean!
  }

  "A field of a ticket form."
  type FormField {
    "The key in createTicket's input.fields."
    key: String!
    label: String!
    "text, longtext, number, date, enum, url or user."
    type: String!
    "True when a ticket cannot be submitted without it."
    required: Boolean!
    "The values an enum field takes; empty for other types."
    options: [String!]!
    "A hint for the person filling it in."
    help: String
    "True for a field the requester does not set (its editableBy leaves them out): only staff see it on a form."
    staffOnly: Boolean!
  }

  extend type Query {
    """
    The processes one may submit tickets to: for people, every process that takes new tickets (not
    retired); for API keys that may create tickets, those of their scope.
    """
    ticketForms: [TicketForm!]!
  }
`;

export const resolvers: Resolvers = {
  Query: {
    ticketForms: async (_, __, ctx) => {
      const caller = ticketCaller(ctx.viewer);
      const processes = await ctx.services.tickets.processesFor(caller);
      const preferred =
        caller.kind === 'person'
          ? ((await ctx.services.tickets.preferredProcess(caller, processes)) ?? processes[0]?.key)
          : undefined;
      return Promise.all(
        processes.map(async ({ key, version, definition }) => ({
          process: key,
          name: definition.name,
          version,
          preferred: key === preferred,
          fields: (await ctx.services.tickets.formFieldsFor(caller, definition)).map((f) => ({
            ...f,
            required: f.required ?? false,
            options: f.options ?? [],
          })),
        })),
      );
    },
  },
};
