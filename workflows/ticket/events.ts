// A ticket's timeline events, every kind once, with the data each carries. The interpreter emits them
// through Step.event, typed by this map, so an event of the wrong shape does not compile; the read model
// stores them as emitted (ticket_events), and the API reads them back by kind (api/tickets/
// timeline.graphql.ts). Two kinds are not the workflow's: projection_failed, which the read model's
// writer stores in place of events Postgres refused (platform/tickets/projection.ts), and refused, a
// change the ticket refused, read from the audit log beside the events (platform/tickets/timeline.ts).
//
// The data is in workflow histories and in Postgres as it was emitted: a kind's shape changes only by
// what may be absent (optional members), and histories recorded before must replay as they are
// (`npm test -- replay`). A new kind is a member of TimelineEventData and of timelineEventKinds below.
import type { Action } from '../process/definition.js';
import type { Category, Priority, Role } from '../process/vocabulary.js';
import type { Fields, FieldValue, IntegrationFailureReason, NotifyOutcome, RefusalReason } from './model.js';

/** Who caused an event: a person, or the system (with the reason: a timer, a signal, an action). */
export type Actor = { kind: 'person'; userId: string; role: Role } | { kind: 'system'; cause: string };

type NotifyAction = Extract<Action, { kind: 'notify' }>;
type IntegrationAction = Extract<Action, { kind: 'integration' }>;
/** What the events of an action tell of it: a notify action's template, channels and recipients, an
 * integration's system and operation; nothing of the other kinds. */
export type ActionDescription = Partial<
  Pick<NotifyAction, 'template' | 'channels' | 'to'> & Pick<IntegrationAction, 'system' | 'operation'>
>;

/** Every kind of event the ticket's workflow emits, with its data. */
export interface WorkflowEventData {
  /** The ticket was submitted: its process version, first priority and fields. */
  created: { process: { key: string; version: number }; priority: Priority; fields: Fields };
  /** A transition was taken; `entered` follows. `reply`: the requester's public comment (by id) that
   * took it, by its state's `onRequesterReply` rule. */
  moved: { transition: string; from: string; to: string; reply?: string };
  /** The ticket entered a state (its first, or by a move). */
  entered: { state: string; category: Category };
  /** Field values were set; null for a field an action cleared. */
  fields_set: { fields: Record<string, FieldValue | null> };
  priority_changed: { from: Priority; to: Priority };
  /** The ticket was assigned (round robin or by hand), or given back (`assignee` null). */
  assigned: { group: string; assignee: string | null; how: 'round_robin' | 'by_hand' };
  /** Round robin found no one to assign. */
  assignment_skipped: { group: string; reason: string };
  /** A comment was added; its body is in Postgres (comments), by id. */
  commented: { commentId: string; visibility: 'public' | 'internal' };
  /** A file was attached; it is in Postgres (attachments), by id. */
  attached: { attachmentId: string };
  /** A system sent a signal; long payload texts as `{ text: id }` (ticket_texts). `key` is the sender's
   * idempotency key, which answers a redelivery after the workflow closed. */
  signal_received: { name: string; source: string; payload: Record<string, unknown>; key: string };
  /** A signal the process records as an (internal) comment. */
  external_comment: { name: string; payload: Record<string, unknown> };
  /** A done ticket can no longer be reopened. */
  reopen_window_closed: Record<string, never>;
  /** An SLA clock started: its first cycle, or a new one on a reopen. */
  sla_started: { sla: string; target: string; time: 'business' | 'calendar'; cycle: number };
  sla_paused: { sla: string };
  sla_resumed: { sla: string };
  /** `reply`: the public comment by staff (by id) that stopped a `stopOnStaffReply` clock. */
  sla_stopped: { sla: string; breached: boolean; reply?: string };
  sla_at_risk: { sla: string };
  sla_breached: { sla: string };
  /** An action did not run: a transition that no longer applies, a system that is not configured. */
  action_skipped: ActionDescription & { action: string; reason: string; transition?: string };
  /** A notify action ran: how many messages went out per channel. */
  notified: ActionDescription & NotifyOutcome;
  /** An integration's vendor call made something: its id, key and link at the vendor. */
  integration_succeeded: ActionDescription & { id: string; key: string; url: string };
  integration_failed: ActionDescription & { reason: IntegrationFailureReason; message?: string };
  /** A public comment was mirrored onto the ticket's Jira issue (`key`) as its comment `id`. */
  comment_mirrored: { system: 'jira'; commentId: string; key: string; id: string; url: string };
  comment_mirror_failed: {
    system: 'jira';
    commentId: string;
    key: string;
    reason: IntegrationFailureReason;
    message?: string;
  };
  /** A run of automatic transitions went on too long: the transitions dropped, the states it went through. */
  automation_halted: { limit: number; path: string[]; dropped: string[] };
}

/** Every kind of event a timeline shows: the workflow's, and the two made beside it (see the header). */
export interface TimelineEventData extends WorkflowEventData {
  /** Events from `seqs[0]` to `seqs[1]` could not be stored; this one stands in for the first of them.
   * `code` is Postgres's SQLSTATE. */
  projection_failed: { seqs: [number, number]; code: string; message: string };
  /** A change the ticket refused: `action` is what was asked (`move.refused`, `signal.refused`, …) and
   * the rest what the attempt carried (a transition, a signal's name and key…) with the reason. */
  refused: { action: string; reason?: RefusalReason; message?: string } & Record<string, unknown>;
}

export type WorkflowEventKind = keyof WorkflowEventData;
export type TimelineEventKind = keyof TimelineEventData;

/** An event as the workflow emits it, of one kind: the interpreter's output, the projection's input. */
export type TimelineEvent = {
  [K in WorkflowEventKind]: { seq: number; type: K; at: number; actor: Actor; data: WorkflowEventData[K] };
}[WorkflowEventKind];

/** Who a refused change was asked by: a person by id (their role is not kept), or a system by name. */
export type RefusalActor = { kind: 'person'; userId: string } | { kind: 'system'; name: string };
/** Who caused an entry of a timeline: an event's actor, or a refused change's. */
export type TimelineActor = Actor | RefusalActor;
export type PersonActor = Extract<TimelineActor, { kind: 'person' }>;
export type SystemActor = Extract<TimelineActor, { kind: 'system' }>;

/**
 * Every kind, as the API names it (the GraphQL enum TimelineEventKind), with what it tells. The record
 * lists each kind of TimelineEventData: a kind added there and not here does not compile.
 */
export const timelineEventKinds: Record<TimelineEventKind, string> = {
  created: 'The ticket was submitted.',
  moved: 'A transition was taken (entered follows).',
  entered: 'The ticket entered a state.',
  fields_set: 'Field values were set.',
  priority_changed: 'The priority changed.',
  assigned: 'The ticket was assigned, or given back.',
  assignment_skipped: 'Round robin found no one to assign.',
  commented: 'A public reply or an internal note was added.',
  attached: 'A file was attached.',
  signal_received: 'A system sent a signal.',
  external_comment: 'A signal was recorded as an internal comment.',
  reopen_window_closed: 'The done ticket can no longer be reopened.',
  sla_started: 'An SLA clock started.',
  sla_paused: 'An SLA clock paused.',
  sla_resumed: 'An SLA clock resumed.',
  sla_stopped: 'An SLA clock stopped.',
  sla_at_risk: 'An SLA clock is at risk.',
  sla_breached: 'An SLA clock breached.',
  action_skipped: 'An action of the process did not run.',
  notified: 'A notify action sent its messages.',
  integration_succeeded: "An integration's vendor call succeeded.",
  integration_failed: "An integration's vendor call failed for good.",
  comment_mirrored: "A public comment was mirrored onto the ticket's Jira issue.",
  comment_mirror_failed: 'Mirroring a public comment failed for good.',
  automation_halted: 'A run of automatic transitions was stopped.',
  projection_failed: 'The read model could not store events; this stands in for the first of them.',
  refused: 'A change the ticket refused (it has no seq).',
};
