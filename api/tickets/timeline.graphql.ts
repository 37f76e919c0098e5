// A ticket's timeline over GraphQL: everything that happened to it, refused changes included, as the
// viewer may see it (platform/tickets/timeline.ts). Each event has its kind (the kinds and their data
// are defined once, in workflows/ticket/events.ts), who or what caused it, and typed fields for the data
// clients read most; `actor` and `data` stay, as JSON, for the clients that read them.
import { timelineEventKinds, type TimelineEventKind } from '../../workflows/ticket/events.js';
import type { TimelineEntry } from '../../platform/tickets/timeline.js';
import type { GraphQLContext } from '../graphql/context.js';
import type { Resolvers } from '../graphql/resolvers-types.js';
import { asPerson, requirePerson } from '../graphql/viewer.js';

const kindValues = Object.entries(timelineEventKinds)
  .map(([kind, description]) => `${JSON.stringify(description)}\n    ${kind}`)
  .join('\n    ');

export const typeDefs = /* GraphQL */ `
  "What happened to a ticket: the kinds of timeline events."
  enum TimelineEventKind {
    ${kindValues}
  }

  "Who or what caused a timeline event."
  union Actor = PersonActor | SystemActor

  "A person who acted on a ticket."
  type PersonActor {
    "Their user id, also when their account is gone."
    userId: ID!
    "Their account; null when it is gone."
    user: User
    "The role they acted in (EMPLOYEE, AGENT, COORDINATOR or ADMIN); null for a refused change, which does not keep it."
    role: String
  }

  "The system: a timer, a signal, an SLA clock, a process's action or rule, or an external system."
  type SystemActor {
    """
    Why the system acted, for events of the ticket's workflow: timer, timer:<id>, signal:<name>,
    sla:<key>, round_robin, automation, comment_mirror, projection, api-key:<name> (a ticket a system
    submitted), state:<key> or rule:<n>:<event> (an action's origin), …
    """
    cause: String
    "The system by name, for refused changes: an API key's name, a webhook's (webhook:<vendor>), erp, admin:<email>, …"
    name: String
  }

  """
  Something that happened to a ticket, or a change it refused. 'kind' says what, 'by' who; the typed
  fields below carry what the common kinds tell (each names its kinds, and is null for the others).
  """
  type TimelineEvent {
    "The event's place in the ticket's history; refused changes have none."
    seq: Int
    "moved, entered, assigned, commented, sla_breached, refused, …: the name of its kind."
    type: String!
    kind: TimelineEventKind!
    at: DateTime!
    "Who or what caused it."
    by: Actor!
    "Who or what caused it: { kind: person, userId, role } or { kind: system, cause } (refused: { kind: system, name })."
    actor: JSON! @deprecated(reason: "Use by.")
    "What the event carries: a move's transition, a refusal's reason, a signal's payload as it was sent (its texts read back from where they are stored; a signal recorded as an internal comment shows its payload to staff of the ticket's group only), …"
    data: JSON!
      @deprecated(
        reason: "Use kind and the typed fields (transition, fromState, toState, assignee, priority, sla, comment, signal, payload, reason, …). The kinds without typed fields (notified, integration_*, comment_mirror*, automation_halted, sla_started's target) still carry their details here only."
      )
    "The comment's text, for commented events."
    body: String
    "moved: the transition taken. action_skipped: the transition an action would have taken."
    transition: String
    "moved: the state it left."
    fromState: String
    "moved: the state it led to. entered: the state entered."
    toState: String
    "entered: the category of the state entered (new, active, waiting or done)."
    category: String
    "assigned: who works the ticket now; null when it was given back (or their account is gone)."
    assignee: User
    "assigned, assignment_skipped: the group whose queue holds the ticket."
    group: String
    "created: the ticket's first priority. priority_changed: the new one."
    priority: Priority
    "priority_changed: the priority before."
    previousPriority: Priority
    "created: the first field values. fields_set: the values set (null for a field cleared). Long texts as { text: id }, as in Ticket.fields."
    fields: JSON
    "sla_started, sla_paused, sla_resumed, sla_stopped, sla_at_risk, sla_breached: the SLA clock's key."
    sla: String
    "commented: the comment (public replies, and internal notes for staff of the ticket's group)."
    comment: Comment
    "signal_received, external_comment: the signal's name."
    signal: String
    "signal_received: who sent the signal (an API key's name, webhook:<vendor>, admin:<email>, erp)."
    source: String
    "signal_received, external_comment: the payload as it was sent (texts read back); null where you may not see it."
    payload: JSON
    "refused: the change that was refused (move, signal, reassign, comment, …). action_skipped: the kind of action that did not run."
    action: String
    """
    refused: the engine's reason (NOT_ALLOWED, STALE_VERSION, INVALID_FIELD, …). action_skipped,
    assignment_skipped, integration_failed, comment_mirror_failed: why. projection_failed: Postgres's
    error code.
    """
    reason: String
    "refused, integration_failed, comment_mirror_failed, projection_failed: the message."
    message: String
  }

  extend type Ticket {
    "Every event, oldest first, and every refused change; internal notes only for staff of the ticket's group and admins."
    timeline: [TimelineEvent!]!
  }
`;

/** The entry's data member `key` when the entry is of one of `kinds`; null otherwise (and when absent:
 * a row written before the member was). */
function dataOf(e: TimelineEntry, kinds: readonly TimelineEventKind[], key: string): unknown {
  if (!kinds.includes(e.type)) return null;
  return (e.data as Record<string, unknown>)[key] ?? null;
}
const text = (value: unknown) => (typeof value === 'string' ? value : null);

/** A person by id, or null when their account is gone. */
const userOrNull = (ctx: GraphQLContext, id: unknown) =>
  typeof id === 'string' ? ctx.users.load(id).catch(() => null) : null;

/** A refused change's action as the audit log keeps it (`move.refused`), without the suffix. */
const refusedAction = (action: string) => action.replace(/\.refused$/, '');

export const resolvers: Resolvers = {
  Ticket: {
    timeline: (t, _, ctx) => ctx.services.tickets.timelineOf(asPerson(requirePerson(ctx.viewer)), t),
  },
  TimelineEvent: {
    kind: (e) => e.type,
    by: (e) => e.actor,
    body: (e) => e.comment?.body ?? null,
    comment: (e) => e.comment,
    transition: (e) => text(dataOf(e, ['moved', 'action_skipped'], 'transition')),
    fromState: (e) => (e.type === 'moved' ? e.data.from : null),
    toState: (e) => (e.type === 'moved' ? e.data.to : e.type === 'entered' ? e.data.state : null),
    category: (e) => (e.type === 'entered' ? e.data.category : null),
    assignee: (e, _, ctx) => (e.type === 'assigned' ? userOrNull(ctx, e.data.assignee) : null),
    group: (e) => text(dataOf(e, ['assigned', 'assignment_skipped'], 'group')),
    priority: (e) => (e.type === 'created' ? e.data.priority : e.type === 'priority_changed' ? e.data.to : null),
    previousPriority: (e) => (e.type === 'priority_changed' ? e.data.from : null),
    fields: (e) => dataOf(e, ['created', 'fields_set'], 'fields'),
    sla: (e) =>
      text(
        dataOf(e, ['sla_started', 'sla_paused', 'sla_resumed', 'sla_stopped', 'sla_at_risk', 'sla_breached'], 'sla'),
      ),
    signal: (e) => text(dataOf(e, ['signal_received', 'external_comment'], 'name')),
    source: (e) => text(dataOf(e, ['signal_received'], 'source')),
    payload: (e) => dataOf(e, ['signal_received', 'external_comment'], 'payload'),
    action: (e) =>
      e.type === 'refused' ? refusedAction(e.data.action) : text(dataOf(e, ['action_skipped'], 'action')),
    reason: (e) =>
      text(
        e.type === 'projection_failed'
          ? e.data.code
          : dataOf(
              e,
              ['refused', 'action_skipped', 'assignment_skipped', 'integration_failed', 'comment_mirror_failed'],
              'reason',
            ),
      ),
    message: (e) =>
      text(dataOf(e, ['refused', 'integration_failed', 'comment_mirror_failed', 'projection_failed'], 'message')),
  },
  Actor: {
    __resolveType: (actor) => (actor.kind === 'person' ? 'PersonActor' : 'SystemActor'),
  },
  PersonActor: {
    user: (actor, _, ctx) => userOrNull(ctx, actor.userId),
    role: (actor) => ('role' in actor ? actor.role : null),
  },
  SystemActor: {
    cause: (actor) => ('cause' in actor ? actor.cause : null),
    name: (actor) => ('name' in actor ? actor.name : null),
  },
};
