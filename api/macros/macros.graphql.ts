// Canned replies and macros over GraphQL: staff list those they may use (on a ticket: its group's and
// those for all, of its process), fill a reply for a ticket and apply a macro to one; coordinators
// manage those of their groups, admins every one (platform/macros/ holds the rules, the ticket service
// applies and fills). Employees and API keys are FORBIDDEN; a ticket one may not see is NOT_FOUND.
import { requireStaff } from '../../platform/people/roles.js';
import { findPublished } from '../../platform/processes/processes.js';
import { macroEffects } from '../../platform/macros/effects.js';
import type { MacroRow } from '../../platform/macros/service.js';
import type { Resolvers } from '../graphql/resolvers-types.js';
import { asPerson, requirePerson } from '../graphql/viewer.js';
import { afterChange } from '../tickets/change-answers.js';

export const typeDefs = /* GraphQL */ `
  enum MacroKind {
    "A text with placeholders an agent inserts into a reply or a note."
    reply
    "A reply and/or field values, a priority and a transition, applied to a ticket as one change."
    macro
  }

  """
  A canned reply or a macro. Its text may hold placeholders, filled for the ticket it is used on:
  {{requester.name}}, {{requester.firstName}}, {{ticket.number}}, {{ticket.title}}, {{agent.name}} and
  {{fields.<key>}} (a field hidden from the requester fills a public reply as empty).
  """
  type Macro {
    id: ID!
    kind: MacroKind!
    name: String!
    "The group whose staff use it and whose coordinators manage it; null: for all groups (admins manage it)."
    group: String
    "The process whose fields and transition it names; null for one that names neither."
    process: String
    "The reply's text, placeholders unfilled; empty for a macro without a reply."
    body: String!
    "Whom a macro's reply is for; null for a canned reply and a macro without a reply."
    replyVisibility: CommentVisibility
    "Field values a macro sets, by key."
    fields: JSON!
    priority: Priority
    "The key of the transition a macro takes."
    transition: String
    "What applying it does, in words, in the order its parts apply."
    effects: [String!]!
    updatedAt: DateTime!
  }

  input MacroInput {
    kind: MacroKind!
    name: String!
    group: String
    process: String
    body: String
    replyVisibility: CommentVisibility
    fields: JSON
    priority: Priority
    transition: String
  }

  extend type Query {
    """
    The canned replies and macros you may use (staff): on a ticket you may see (NOT_FOUND otherwise), those
    of its group and those for all, of its process or of none; without one, those of your groups and for
    all (admins: every one). Replies first, then macros, by name.
    """
    macros(ticket: String): [Macro!]!
    """
    A canned reply's (or a macro's reply's) text with its placeholders filled for a ticket, for the readers
    of visibility (by default the macro's own, else public).
    """
    fillReply(number: String!, macro: ID!, visibility: CommentVisibility): String!
  }

  extend type Mutation {
    """
    Saves a canned reply or a macro: coordinators for their groups, admins for any group or for all
    (group null). An unknown placeholder, field, transition or process is BAD_USER_INPUT with every
    problem in words; nothing is saved.
    """
    createMacro(input: MacroInput!): Macro!
    "Replaces a canned reply or a macro (whoever manages both its group and the new one)."
    updateMacro(id: ID!, input: MacroInput!): Macro!
    "Removes a canned reply or a macro; answers its id."
    deleteMacro(id: ID!): ID!
    """
    Applies a macro to a ticket as one change: its reply, fields, priority and transition all take effect,
    or none does and the error says which part was refused and why (extensions.part: reply, fields,
    priority or transition). A retry with the same updateId applies it once.
    """
    applyMacro(number: String!, macro: ID!, expectedVersion: Int, updateId: String): Ticket!
  }
`;

/** The input without its nulls: an absent value takes its default. */
const withoutNulls = (input: object) => Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null));

export const resolvers: Resolvers = {
  Query: {
    macros: (_, args, ctx) => ctx.services.macros.list(asPerson(requirePerson(ctx.viewer)), args.ticket),
    fillReply: (_, args, ctx) =>
      ctx.services.tickets.fillReply(
        args.number,
        asPerson(requirePerson(ctx.viewer)),
        args.macro,
        args.visibility ?? undefined,
      ),
  },
  Mutation: {
    createMacro: (_, args, ctx) =>
      ctx.services.macros.create(asPerson(requirePerson(ctx.viewer)), withoutNulls(args.input)),
    updateMacro: (_, args, ctx) =>
      ctx.services.macros.update(asPerson(requirePerson(ctx.viewer)), args.id, withoutNulls(args.input)),
    deleteMacro: async (_, args, ctx) =>
      (await ctx.services.macros.remove(asPerson(requirePerson(ctx.viewer)), args.id)).id,
    applyMacro: async (_, args, ctx) => {
      const person = asPerson(requirePerson(ctx.viewer));
      // Staff only, before the ticket is read: to anyone else it is FORBIDDEN for every ticket alike.
      requireStaff(person, 'use canned replies and macros');
      const before = await ctx.services.tickets.read({ kind: 'person', person }, args.number);
      const after = await ctx.services.tickets.applyMacro(args.number, person, {
        macro: args.macro,
        ...(args.expectedVersion !== undefined &&
          args.expectedVersion !== null && { expectedVersion: args.expectedVersion }),
        ...(args.updateId && { updateId: args.updateId }),
      });
      return afterChange(ctx.db, person, before, after);
    },
  },
  Macro: {
    group: (m: MacroRow) => m.group_key,
    process: (m: MacroRow) => m.process_key,
    replyVisibility: (m: MacroRow) => m.reply_visibility,
    effects: async (m: MacroRow, _, ctx) =>
      macroEffects(m, m.process_key ? (await findPublished(ctx.db, m.process_key))?.definition : undefined),
    updatedAt: (m: MacroRow) => m.updated_at,
  },
};
