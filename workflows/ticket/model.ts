// The data of one ticket's workflow: its state, the inputs the interpreter accepts, what it emits.
// Only small values live here: descriptions, comment bodies, long texts (of fields and of signal
// payloads) and files stay in Postgres and enter as ids, so histories stay small and personal data can
// be erased.
import type { Action, Category, Priority, ProcessVersion } from '../process/definition.js';
import type { Role } from '../process/vocabulary.js';
import type { Actor, TimelineEvent } from './events.js';

/** Field values: text, numbers, dates (YYYY-MM-DD), user ids, URLs; long text as the id of its stored text. */
export type FieldValue = string | number | { text: string };
export type Fields = Record<string, FieldValue>;

export type { Role } from '../process/vocabulary.js';
export interface Person {
  userId: string;
  role: Role;
  /** The keys of the groups the person works in. Agents and coordinators are staff only for the tickets
   * of these groups (admins for all); absent in histories from before groups were checked, where any
   * agent or coordinator was staff for any ticket. */
  groups?: string[];
}

/** Timeline events, every kind with its data, are defined in events.ts. */
export type { Actor, TimelineEvent } from './events.js';

export interface ArmedTimer {
  id: string;
  /** Epoch milliseconds. */
  at: number;
  kind: 'state' | 'reopen_window' | 'sla_at_risk' | 'sla_breach';
  /** The state entry that armed it: a state timer of an earlier entry never fires. */
  entry: number;
  transition?: string;
  sla?: string;
}

/** An SLA clock. Business clocks count working time of the process calendar. */
export interface SlaClock {
  status: 'running' | 'paused' | 'stopped';
  /** Time left to the target (working time for business clocks); negative once breached. */
  remainingMs: number;
  /** When the current running stretch began. */
  runningSince: number | null;
  /** Bumped on every start, pause, resume and stop: deadlines computed for an older epoch are ignored. */
  epoch: number;
  /** The instant of breach for the current running stretch, once known. */
  deadline: number | null;
  atRisk: boolean;
  breached: boolean;
  /** 1 for the first run of the clock, one more for each restart after it stopped (a reopen). Absent on
   * clocks started before cycles were counted: 1. */
  cycle?: number;
}

/** Work only the engine asks for: computing a business-time deadline, measuring elapsed working time. */
export type EngineAction =
  | { kind: 'sla_schedule'; sla: string; epoch: number }
  | { kind: 'sla_measure'; sla: string; from: number; to: number; cycle?: number };

export interface TicketState {
  ticketId: string;
  number: string;
  process: { key: string; version: number };
  requester: { id: string; userId: string | null };
  state: string;
  category: Category;
  priority: Priority;
  group: string;
  assignee: string | null;
  fields: Fields;
  /** Sequence number of the latest timeline event. */
  seq: number;
  /** Counts changes to state, fields, assignee and priority: what a move's expectedVersion refers to.
   * Timeline-only events (comments, skipped notifications) leave it alone. */
  version: number;
  /** Counts state entries; with the ticket number it keys idempotent activities. */
  entry: number;
  enteredAt: number;
  doneAt: number | null;
  timers: ArmedTimer[];
  slas: Record<string, SlaClock>;
  /** Idempotency keys of recent signals, oldest first, so a redelivered signal has no second effect. */
  signalKeys: string[];
  /** The states of the current run of automatic transitions (taken by actions, one after the other), from
   * the state it began in; absent when the ticket last entered a state any other way. */
  automatic?: string[];
  /** The ticket follows the reopen rule of sla.ts: a stopped clock starts a new cycle when the ticket
   * enters one of its startOn states again. Its workflow sets it (patch sla-cycles); clocks of tickets
   * without it stay stopped, as they always did. */
  slaCycles?: boolean;
  /** Signal payload texts longer than MAX_INLINE_PAYLOAD_TEXT arrive stored, by id; longer inline texts
   * are refused. Its workflow sets it (patch signal-texts-stored); tickets without it take inline
   * texts up to 1,000 characters, as they always did, and stored ones too. */
  signalTextsStored?: boolean;
  /** The process's notification rules apply: a timeline event a rule names queues its notify action.
   * Its workflow sets it (patch notification-rules); tickets without it notify by actions only. */
  notificationRules?: boolean;
  /** A public comment by the requester takes the transition its state's `onRequesterReply` names. Its
   * workflow sets it (patch requester-reply-moves); tickets without it move on replies only by hand. */
  requesterReplies?: boolean;
  /** SLA clocks with `stopOnStaffReply` stop on the first public comment by staff working the ticket.
   * Its workflow sets it (patch sla-stop-on-staff-reply); clocks of tickets without it stop by state only. */
  slaStaffReplies?: boolean;
  /** Fields are set only by those their `editableBy` names (patch staff-only-fields); tickets without it
   * take any field from anyone who may change them, as they always did. */
  staffOnlyFields?: boolean;
  /** The Jira issue the ticket's `jira` create_issue call made (the last one): its public comments are
   * mirrored onto it (patch jira-comment-mirror). */
  jiraIssue?: { id: string; key: string };
}

/** Work for the workflow shell: every action runs there, in order, as an activity or back through the interpreter. */
export interface RunAction {
  action: Action | EngineAction;
  /** The state entry whose actions these are (0 for signal and SLA actions, which are not tied to one). */
  entry: number;
  origin: string;
  /** For a notification rule: the person whose act it tells of, who is not told of it. */
  actor?: string;
  /** For the notice of an internal note's mentions: the people it mentions, by user id. */
  mentioned?: string[];
}

// What people and systems ask of a ticket: each is the argument of one Workflow Update and, with the
// time it arrived, an input of the interpreter.
export interface MoveRequest {
  actor: Person;
  transition: string;
  fields?: Fields;
  /** The version the caller saw; a move based on an older version is refused (STALE_VERSION). */
  expectedVersion?: number;
}

export interface SignalDelivery {
  name: string;
  /** Texts as `{ text: id }` (stored in Postgres) or, when short, as they are; see `payloadField`. */
  payload: Record<string, unknown>;
  /** The sender's id for this event: a redelivery has no second effect, also across continue-as-new. */
  idempotencyKey: string;
  /** Who sent it, e.g. the API key's name. */
  source: string;
}

export interface ReassignRequest {
  actor: Person;
  userId: string | null;
  group?: string;
  expectedVersion?: number;
  /** The new assignee's role and groups as the service found them: they must work in the ticket's
   * (new) group, or be an admin. Absent in histories from before it was checked. */
  assignee?: { role: Role; groups: string[] };
}

export interface SetFieldsRequest {
  actor: Person;
  fields: Fields;
  expectedVersion?: number;
}

export interface SetPriorityRequest {
  actor: Person;
  priority: Priority;
  expectedVersion?: number;
}

export interface CommentRequest {
  actor: Person;
  commentId: string;
  visibility: 'public' | 'internal';
  /** The staff an internal note mentions, by user id, checked by the service (they may read it). */
  mentions?: string[];
}

export interface AttachRequest {
  actor: Person;
  /** The stored attachment (metadata in Postgres, bytes on disk). */
  attachmentId: string;
}

/** A macro (a saved reply and/or field and priority changes and/or a transition), applied as one update,
 * all or nothing: parts apply in this order, each checked as the single change it stands for (macro.ts). */
export interface MacroRequest {
  actor: Person;
  /** The macro's name, for the refusal's words. */
  name: string;
  /** The reply the service stored, filled for this ticket. */
  reply?: { commentId: string; visibility: 'public' | 'internal'; mentions?: string[] };
  fields?: Fields;
  priority?: Priority;
  transition?: string;
  expectedVersion?: number;
}

export type Input =
  | { type: 'start'; at: number; actor: Actor }
  | ({ type: 'move'; at: number } & MoveRequest)
  | ({ type: 'signal'; at: number } & SignalDelivery)
  | { type: 'timer_fired'; at: number; id: string }
  | { type: 'assigned'; at: number; entry: number; group: string; userId: string | null; reason?: string }
  | { type: 'action'; at: number; run: RunAction }
  | { type: 'sla_scheduled'; at: number; sla: string; epoch: number; atRiskAt: number | null; deadline: number | null }
  | { type: 'sla_measured'; at: number; sla: string; elapsedMs: number; cycle?: number }
  | { type: 'action_skipped'; at: number; run: RunAction; reason: string }
  /** A notify action ran: how many messages went out per channel, which failed and which were skipped. */
  | ({ type: 'notified'; at: number; run: RunAction } & NotifyOutcome)
  /** An integration action's vendor call succeeded: what it made, and the results its `output` stores. */
  | ({ type: 'integration_succeeded'; at: number; run: RunAction } & IntegrationSuccess)
  /** An integration action's vendor call failed for good; the ticket goes on without it. */
  | { type: 'integration_failed'; at: number; run: RunAction; reason: IntegrationFailureReason; message?: string }
  /** A public comment was mirrored onto the ticket's Jira issue, as the Jira comment `mirroredAs`. */
  | { type: 'comment_mirrored'; at: number; commentId: string; issueKey: string; mirroredAs: string; url: string }
  /** Mirroring a public comment failed for good; the comment stands in Ticketflow. */
  | {
      type: 'comment_mirror_failed';
      at: number;
      commentId: string;
      issueKey: string;
      reason: IntegrationFailureReason;
      message?: string;
    }
  /** The workflow stopped a run of automatic transitions that went on too long, dropping these transitions. */
  | { type: 'automation_halted'; at: number; dropped: string[] }
  | ({ type: 'reassign'; at: number } & ReassignRequest)
  | ({ type: 'set_fields'; at: number } & SetFieldsRequest)
  | ({ type: 'set_priority'; at: number } & SetPriorityRequest)
  | ({ type: 'comment'; at: number } & CommentRequest)
  | ({ type: 'attachment'; at: number } & AttachRequest)
  | ({ type: 'macro'; at: number } & MacroRequest);

export interface NotifyOutcome {
  event: string;
  recipients: number;
  /** `push` (Web Push to browsers) only where a run addressed one; absent in histories from before it. */
  sent: { email: number; in_app: number; push?: number };
  failed: { channel: string; reason: string }[];
  skipped: { channel: string; reason: string }[];
}

/** What a vendor call made (a Jira issue, a Salesforce Case…) and the named results of the call. */
export interface IntegrationSuccess {
  id: string;
  key: string;
  url: string;
  results: Record<string, string>;
  /** Set when what the call made stays open at the vendor (an ERP order): the workflow checks its
   * status this often (the vendor's settings decide; it enters the history with the result). */
  watch?: { everyMs: number; status: OrderStatus };
}

/** An ERP order's status as adapters report it, whatever the ERP calls it. */
export type OrderStatus = 'open' | 'shipped' | 'delivered' | 'closed' | 'cancelled';

/** An ERP order the workflow checks on: part of the state a run carries into the next. */
export interface WatchedOrder {
  system: 'erp';
  /** The order's id at the ERP. */
  id: string;
  /** The status last seen. */
  status: OrderStatus;
  everyMs: number;
  /** When the next check is due (epoch ms). */
  nextAt: number;
}

/** not_configured: no credentials for the system; refused: the vendor said no (4xx) and retrying cannot
 * change that; unavailable: its circuit is open (it kept failing); gave_up: retries ran out of time. */
export type IntegrationFailureReason = 'not_configured' | 'refused' | 'unavailable' | 'gave_up';

/** Why the engine refuses a change. Only these failure types are refusals; any other failure of an
 * update (a server-side rejection, say) is not the process saying no. */
export const refusalReasons = [
  'UNKNOWN_TRANSITION',
  'NOT_FROM_STATE',
  'NOT_ALLOWED',
  'SYSTEM_ONLY',
  'REQUIRED_FIELD_MISSING',
  'INVALID_FIELD',
  'STALE_VERSION',
  'TICKET_CLOSED',
  'UNKNOWN_SIGNAL',
  'SIGNAL_NOT_APPLICABLE',
  'INVALID_PAYLOAD',
] as const;
export type RefusalReason = (typeof refusalReasons)[number];

/** The failure type of a mail the server refused for good (5xx, an unusable address): not retried. */
export const MAIL_REFUSED = 'MailRefused';
/** The failure type of a Web Push message no browser took (each push service refused it, or the
 * browsers unsubscribed): not retried. */
export const PUSH_REFUSED = 'PushRefused';

/** The failure type of a vendor call the vendor refused (400, 401, 403, 404…): not retried. */
export const INTEGRATION_REFUSED = 'IntegrationRefused';
/** The failure type of a vendor call made while the system's circuit is open: failing fast, not retried. */
export const INTEGRATION_UNAVAILABLE = 'IntegrationUnavailable';

/** The failure type the projection activity gives data that Postgres refuses: no retry can fix it. */
export const PROJECTION_DATA_ERROR = 'ProjectionDataError';

/** One thing wrong with an input, for a person: the field's key (`path`) and a sentence naming the field
 * by its label ("Due date is not a date"). Refusals list them in `details.problems`. */
export interface Problem {
  path: string;
  message: string;
}

export interface Refusal {
  reason: RefusalReason;
  message: string;
  details?: Record<string, unknown>;
}

export interface Outcome {
  state: TicketState;
  events: TimelineEvent[];
  actions: RunAction[];
  /** Set when the input was refused: nothing changed. */
  refusal?: Refusal;
  /** Set for a signal whose idempotency key was seen before: nothing changed. */
  duplicate?: boolean;
}

/** What starts a ticket's workflow, and what continue-as-new carries into the next run. */
export interface TicketWorkflowInput {
  ticketId: string;
  number: string;
  process: ProcessVersion;
  requester: { id: string; userId: string | null };
  fields: Fields;
  priority?: Priority;
  createdBy: Actor;
  /** Events handled before continuing as new (TICKET_CONTINUE_AS_NEW_AFTER). */
  continueAsNewAfter?: number;
  carried?: { state: TicketState; pending: RunAction[]; updateIds?: string[]; watchedOrders?: WatchedOrder[] };
}

/** What queries and updates return: the ticket as the workflow knows it. */
export interface TicketSnapshot {
  number: string;
  process: { key: string; version: number };
  state: string;
  category: Category;
  priority: Priority;
  group: string;
  assignee: string | null;
  fields: Fields;
  version: number;
  /** Transitions that leave the current state. */
  transitions: string[];
  slas: Record<string, { status: SlaClock['status']; deadline: number | null; atRisk: boolean; breached: boolean }>;
}
