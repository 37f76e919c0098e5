// The webhook deliveries over GraphQL, for admins: what vendors sent to /webhooks/* lately and what
// became of each (accepted, a duplicate, ignored, refused and why), without reading the logs.
import { webhookReceivers, type WebhookVendor } from '../../activities/integrations/vendors.js';
import { requirePerson } from '../graphql/viewer.js';
import type { Resolvers } from '../graphql/resolvers-types.js';

/** The vendors with a webhook, from the list: jira, salesforce, aps. */
const webhookVendors = webhookReceivers.map((receiver) => receiver.name) as [WebhookVendor, ...WebhookVendor[]];
const endpoints = webhookVendors.map((vendor) => `/webhooks/${vendor}`).join(', ');
const vendorWords = `${webhookVendors.slice(0, -1).join(', ')} or ${webhookVendors.at(-1)!}`;

export const typeDefs = /* GraphQL */ `
  "One delivery to an inbound webhook endpoint (${endpoints})."
  type WebhookDelivery {
    id: ID!
    "${vendorWords}."
    vendor: String!
    "The vendor's id of the event, when the delivery named one."
    eventId: String
    eventType: String
    "accepted, duplicate (delivered before: no second effect), ignored (nothing for the ticket) or refused."
    outcome: String!
    "The HTTP status the vendor was answered."
    status: Int!
    "Why it was refused or ignored."
    reason: String
    "The tickets it was delivered to."
    tickets: [String!]!
    receivedAt: DateTime!
  }

  extend type Query {
    "The latest webhook deliveries, newest first; of one vendor, or with one outcome (admins)."
    webhookDeliveries(vendor: String, outcome: String, first: Int = 50): [WebhookDelivery!]!
  }
`;

export const resolvers: Resolvers = {
  Query: {
    webhookDeliveries: async (_, raw, ctx) => {
      const rows = await ctx.services.webhookDeliveries.recent(requirePerson(ctx.viewer), raw);
      return rows.map((row) => ({
        id: row.id,
        vendor: row.vendor,
        eventId: row.event_id,
        eventType: row.event_type,
        outcome: row.outcome,
        status: row.status,
        reason: row.reason,
        tickets: row.tickets,
        receivedAt: row.received_at,
      }));
    },
  },
};
