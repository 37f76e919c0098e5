// Admin operations over GraphQL: people, their roles and statuses, groups and their members, and the
// audit log. Thin resolvers: who may do what, and the audit rows, are decided in admin.ts.
import { requirePerson } from '../graphql/viewer.js';
import type { Resolvers } from '../graphql/resolvers-types.js';

export const typeDefs = /* GraphQL */ `
  "A group: a ticket queue and the round-robin pool of the people who work it."
  type Group {
    key: String!
    name: String!
    "Members in round-robin order, each with their status (away and inactive members get no new tickets)."
    members: [User!]!
  }

  "An account an admin creates; it is active at once."
  input CreateUserInput {
    email: String!
    name: String!
    "EMPLOYEE, AGENT, COORDINATOR or ADMIN."
    role: String!
    "At least 10 characters; without one the person cannot sign in with a password yet."
    password: String
  }

  "Who did what as an admin (and what the engine refused), append-only."
  type AuditEntry {
    id: ID!
    at: DateTime!
    "A user id, or who else acted (the operator command line, the system)."
    actor: String!
    "E.g. user.role_changed, user.deactivated, group.member_added, process.published."
    action: String!
    "What it concerned, e.g. user:<id>, group:<key>, process:<key>."
    subject: String!
    details: JSON!
  }

  "A page of the audit log, newest first."
  type AuditLogConnection {
    nodes: [AuditEntry!]!
    pageInfo: PageInfo!
  }

  extend type Query {
    "People, by email, filtered by role and status: admins see everyone, coordinators the members of their groups."
    users(role: String, status: String): [User!]!
    "Every group with its members (staff)."
    groups: [Group!]!
    "The audit log, newest first (admins)."
    auditLog(first: Int = 50, after: String): AuditLogConnection!
  }

  extend type Mutation {
    "Creates an active account (admins)."
    createUser(input: CreateUserInput!): User!
    "Changes a person's role; someone made an employee leaves their groups. Not one's own (admins)."
    setUserRole(userId: ID!, role: String!): User!
    """
    Sets a status: active, away (no new assignments) or inactive (signs the person out everywhere and
    keeps them out). Admins set anyone's; staff set their own to away or active.
    """
    setUserStatus(userId: ID!, status: String!): User!
    "Creates a group (admins)."
    createGroup(key: String!, name: String!): Group!
    "Adds a staff member to a group, at the end of its round-robin order (admins)."
    addGroupMember(group: String!, userId: ID!): Group!
    "Removes a member from a group (admins)."
    removeGroupMember(group: String!, userId: ID!): Group!
  }
`;

export const resolvers: Resolvers = {
  Query: {
    users: (_, args, ctx) =>
      ctx.services.people.list(requirePerson(ctx.viewer), {
        role: args.role ?? undefined,
        status: args.status ?? undefined,
      }),
    groups: (_, __, ctx) => ctx.services.people.groups(requirePerson(ctx.viewer)),
    auditLog: async (_, args, ctx) => {
      const page = await ctx.services.people.auditLog(requirePerson(ctx.viewer), args);
      return { nodes: page.entries, pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
    },
  },
  Mutation: {
    createUser: (_, args, ctx) => ctx.services.people.createAccount(requirePerson(ctx.viewer), args.input),
    setUserRole: (_, args, ctx) => ctx.services.people.setRole(requirePerson(ctx.viewer), args.userId, args.role),
    setUserStatus: (_, args, ctx) => ctx.services.people.setStatus(requirePerson(ctx.viewer), args.userId, args.status),
    createGroup: (_, args, ctx) => ctx.services.people.createGroup(requirePerson(ctx.viewer), args),
    addGroupMember: (_, args, ctx) => ctx.services.people.addMember(requirePerson(ctx.viewer), args.group, args.userId),
    removeGroupMember: (_, args, ctx) =>
      ctx.services.people.removeMember(requirePerson(ctx.viewer), args.group, args.userId),
  },
  Group: {
    members: (group, _, ctx) => group.members ?? ctx.services.people.members(group.id),
  },
};
