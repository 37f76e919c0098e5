// The dashboard's reports over GraphQL (staff): first response, backlog by age and SLAs met and breached
// over the tickets created in a period that the viewer may see, per group, process or agent. The SQL
// is in reports.ts; the period's rules in report-period.ts.
import { asPerson, requirePerson } from '../graphql/viewer.js';
import type { Resolvers } from '../graphql/resolvers-types.js';
import { reportsOf } from './reports.js';

export const typeDefs = /* GraphQL */ `
  "What a report's rows are: the tickets' group, process or assignee (agent)."
  enum ReportGrouping {
    GROUP
    PROCESS
    AGENT
  }

  """
  Figures over the tickets you may see that were created in the period (from and to included, UTC days):
  the queue lists the same tickets with createdAfter = from and createdBefore = the day after to.
  """
  type Reports {
    "The first day, YYYY-MM-DD."
    from: String!
    "The last day, YYYY-MM-DD, included."
    to: String!
    by: ReportGrouping!
    "Today (UTC), YYYY-MM-DD: the day the backlog's ages count from."
    asOf: String!
    firstResponse: [FirstResponseRow!]!
    backlog: [BacklogRow!]!
    sla: [SlaRow!]!
  }

  """
  Time from creation to the first public reply by staff who work the ticket (not its requester): the
  rule that stops first-response SLA clocks.
  """
  type FirstResponseRow {
    "The group's or process's key, the assignee's user id; null for tickets with no assignee."
    key: String
    "The group's or process's name, the assignee's name ('Unassigned' for none)."
    label: String!
    "Tickets created in the period."
    created: Int!
    "Of those, answered by staff."
    answered: Int!
    "Of those, not answered by staff yet."
    unanswered: Int!
    "Null when none was answered."
    medianHours: Float
    "Nine in ten answered within this many hours; null when none was answered."
    p90Hours: Float
  }

  "The tickets created in the period that are still open, by age in whole UTC days since creation."
  type BacklogRow {
    key: String
    label: String!
    open: Int!
    "Created today."
    underOneDay: Int!
    "1 or 2 days old."
    oneToThreeDays: Int!
    "3 to 6 days old."
    threeToSevenDays: Int!
    "7 to 29 days old."
    sevenToThirtyDays: Int!
    "30 days old or more."
    overThirtyDays: Int!
  }

  "SLAs of the tickets created in the period: met (clocks all stopped, none breached) and breached."
  type SlaRow {
    key: String
    label: String!
    created: Int!
    met: Int!
    breached: Int!
    "met / (met + breached); null when neither."
    metShare: Float
  }

  extend type Query {
    "Reports over the tickets created from 'from' to 'to' (YYYY-MM-DD, UTC, both included; at most 366 days) (staff)."
    reports(from: String!, to: String!, by: ReportGrouping = GROUP): Reports!
  }
`;

export const resolvers: Resolvers = {
  Query: {
    reports: (_, args, ctx) =>
      reportsOf(ctx.db, asPerson(requirePerson(ctx.viewer)), { from: args.from, to: args.to, by: args.by }),
  },
};
