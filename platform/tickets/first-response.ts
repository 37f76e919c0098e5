// Whether and when staff first answered a ticket: one SQL rule shared by the reports' first response
// (api/tickets/reports.ts) and the ticket filter's `firstResponse` (queries.ts), so that a report's
// answered or unanswered figure and the queue list it links to count the very same tickets.
import { sql } from 'kysely';

/**
 * When staff first answered the ticket in public: the first `commented` event, public, by a person of
 * a staff role who works the ticket (an admin, or a member of its group) and is not its requester —
 * the rule of the workflow's `sla-stop-on-staff-reply` (workflows/ticket/replies.ts). Group membership
 * is read as it is now: the workflow read it as it was then. Null: not answered. A scalar subquery on
 * the row `tickets` of the enclosing query.
 */
export const firstStaffReply = sql<Date | null>`(
  select min(e.at) from ticket_events e
  where e.ticket_id = tickets.id and e.type = 'commented' and e.data->>'visibility' = 'public'
    and e.actor->>'kind' = 'person' and e.actor->>'role' in ('AGENT', 'COORDINATOR', 'ADMIN')
    and e.actor->>'userId' is distinct from (select r.user_id::text from requesters r where r.id = tickets.requester_id)
    and (e.actor->>'role' = 'ADMIN' or exists (
      select 1 from group_members gm join groups g on g.id = gm.group_id
      where g.key = tickets.group_key and gm.user_id::text = e.actor->>'userId'))
)`;

export const firstResponseStates = ['ANSWERED', 'UNANSWERED'] as const;
export type FirstResponseState = (typeof firstResponseStates)[number];

/** The ticket filter's condition: answered by staff (a first staff reply exists), or not yet. */
export const firstResponseFilters: Record<FirstResponseState, ReturnType<typeof sql<boolean>>> = {
  ANSWERED: sql<boolean>`${firstStaffReply} is not null`,
  UNANSWERED: sql<boolean>`${firstStaffReply} is null`,
};
