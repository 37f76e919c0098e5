// The dashboard over GraphQL: aggregates for staff over the tickets they may see (admins: all).
import { asPerson, requirePerson } from '../graphql/viewer.js';
import type { Resolvers } from '../graphql/resolvers-types.js';

export const typeDefs = /* GraphQL */ `
  "Figures over the tickets you may see: admins all, other staff their groups' and their own."
  type Dashboard {
    "The window of breachesPerDay and resolution, in days up to now."
    days: Int!
    "Open tickets per process and state."
    openByState: [StateCount!]!
    "SLA breaches per day (UTC) in the window; days without one are left out."
    breachesPerDay: [DayCount!]!
    "Time from submission to done, per process, over the tickets done in the window."
    resolution: [ResolutionTime!]!
    "Open tickets per assignee, most loaded first, with how many of them have an SLA at risk or breached."
    loadPerPerson: [PersonLoad!]!
  }

  "How many open tickets are in a state."
  type StateCount {
    process: String!
    "The process's name in its latest version."
    processName: String!
    state: String!
    "The state's label in the latest version of the process that has it."
    stateLabel: String!
    count: Int!
  }

  "How many of something happened on a day."
  type DayCount {
    "YYYY-MM-DD (UTC)."
    day: String!
    count: Int!
  }

  "How long tickets of a process took to be done."
  type ResolutionTime {
    process: String!
    "The process's name in its latest version."
    processName: String!
    "Tickets done in the window."
    closed: Int!
    medianHours: Float!
    "Nine in ten were done within this many hours."
    p90Hours: Float!
  }

  "The open tickets assigned to one person."
  type PersonLoad {
    user: User!
    open: Int!
    atRisk: Int!
    breached: Int!
  }

  extend type Query {
    "The dashboard's figures over the last 'days' days, at most 366 (staff)."
    dashboard(days: Int = 30): Dashboard!
  }
`;

export const resolvers: Resolvers = {
  Query: {
    dashboard: (_, args, ctx) => ctx.services.board.dashboard(asPerson(requirePerson(ctx.viewer)), args.days),
  },
  PersonLoad: {
    user: (load, _, ctx) => ctx.users.load(load.userId),
  },
};
