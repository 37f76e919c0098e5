// Search attributes of ticket workflows, so Temporal's UI and visibility queries can find tickets by
// process, category and queue without the read model. State, assignee and priority are kept current
// only by runs from before that was measured to cost half the server's CPU per move; their keys stay
// registered for those runs.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const ticketSearchAttributes = {
  process: defineSearchAttributeKey('TicketProcess', SearchAttributeType.KEYWORD),
  state: defineSearchAttributeKey('TicketState', SearchAttributeType.KEYWORD),
  category: defineSearchAttributeKey('TicketCategory', SearchAttributeType.KEYWORD),
  group: defineSearchAttributeKey('TicketGroup', SearchAttributeType.KEYWORD),
  assignee: defineSearchAttributeKey('TicketAssignee', SearchAttributeType.KEYWORD),
  priority: defineSearchAttributeKey('TicketPriority', SearchAttributeType.KEYWORD),
} as const;
