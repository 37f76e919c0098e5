// Search attributes each ticket workflow keeps current, so Temporal's UI and visibility queries can
// find tickets by state, process, queue and assignee without the read model.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const ticketSearchAttributes = {
  process: defineSearchAttributeKey('TicketProcess', SearchAttributeType.KEYWORD),
  state: defineSearchAttributeKey('TicketState', SearchAttributeType.KEYWORD),
  category: defineSearchAttributeKey('TicketCategory', SearchAttributeType.KEYWORD),
  group: defineSearchAttributeKey('TicketGroup', SearchAttributeType.KEYWORD),
  assignee: defineSearchAttributeKey('TicketAssignee', SearchAttributeType.KEYWORD),
  priority: defineSearchAttributeKey('TicketPriority', SearchAttributeType.KEYWORD),
} as const;
