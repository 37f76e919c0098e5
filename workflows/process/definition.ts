// The process definition language: what admins edit and what each ticket workflow interprets.
// JSON-serialisable; this zod schema is its shape (the semantic rules are in validate.ts), and the
// TypeScript types are inferred from it so the two never drift apart.
import { z } from 'zod';
import { durationMs } from './duration.js';
import {
  categories,
  fieldAudiences,
  fieldTypes,
  FORMAT_VERSION,
  integrationOperations,
  ruleEvents,
  payloadTypes,
  roles,
  priorities,
  ticketProperties,
  type IntegrationSystem,
} from './vocabulary.js';

export * from './vocabulary.js';

const key = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be snake_case: lowercase letters, digits and _');
const groupKey = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a group key: lowercase letters, digits and -');
const label = z.string().trim().min(1).max(200);
const duration = z.string().refine((text) => durationMs(text) !== undefined, {
  message: 'must be a positive ISO 8601 duration in days, hours, minutes or seconds, e.g. "P3D", "PT4H", "PT30S"',
});
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM');

/** Who may take a transition: a role, the ticket's requester, or `system` (timers and actions). */
export const taker = z.enum([...roles, 'requester', 'system'], {
  error: `must be one of ${[...roles, 'requester', 'system'].join(', ')}`,
});
export type Taker = z.infer<typeof taker>;

const audience = z.enum(fieldAudiences, { error: `must be one of ${fieldAudiences.join(', ')}` });

export const field = z.strictObject({
  key,
  label,
  type: z.enum(fieldTypes, { error: `must be one of ${fieldTypes.join(', ')}` }),
  /** Must be given when a ticket is created. */
  required: z.boolean().optional(),
  /** The values of an `enum` field. */
  options: z.array(z.string().min(1)).optional(),
  help: z.string().max(500).optional(),
  /** Who sees the field's value: everyone who sees the ticket when omitted. */
  visibleTo: z
    .array(audience)
    .min(1, 'someone must see the field: list who does, or leave visibleTo out for everyone')
    .optional()
    .describe(
      'who sees the value: requester, AGENT, COORDINATOR, ADMIN (staff by role, on the tickets they work); everyone who sees the ticket when omitted',
    ),
  /** Who sets the field's value: those who see it when omitted; [] for the process alone (actions, integrations). */
  editableBy: z
    .array(audience)
    .optional()
    .describe(
      'who sets the value (on the form, in a move, as a field change): requester, AGENT, COORDINATOR, ADMIN; those in visibleTo when omitted; [] when only the process sets it (set_field actions, integration outputs)',
    ),
});
export type FieldDefinition = z.infer<typeof field>;

const recipient = z.union([z.enum(['requester', 'assignee', 'coordinators']), z.strictObject({ group: groupKey })]);
export type Recipient = z.infer<typeof recipient>;

/** What a notify action and a notification rule send, and to whom. */
const message = {
  to: z.array(recipient).min(1),
  channels: z.array(z.enum(['email', 'push'])).min(1),
  /** Names the message; its text is rendered by the notification activity. */
  template: key,
  /** A field whose value goes into the message (e.g. the agent's question). */
  includeField: key.optional(),
};

export const action = z.discriminatedUnion(
  'kind',
  [
    /** Assign the next active member of a group, round-robin; the group also becomes the ticket's queue. */
    z.strictObject({ kind: z.literal('assign'), group: groupKey }),
    z.strictObject({ kind: z.literal('set_field'), field: key, value: z.union([z.string(), z.number(), z.null()]) }),
    z.strictObject({ kind: z.literal('set_priority'), priority: z.enum(priorities) }),
    /** One step up the priority scale (low → normal → high → urgent), at most to urgent. */
    z.strictObject({ kind: z.literal('raise_priority') }),
    z.strictObject({ kind: z.literal('notify'), ...message }),
    z.strictObject({
      kind: z.literal('integration'),
      system: z.enum(Object.keys(integrationOperations) as [IntegrationSystem, ...IntegrationSystem[]]),
      operation: key,
      /** Request inputs: { input name: a field key, or ticket.number / ticket.title / ticket.priority }. */
      input: z.record(z.string().min(1), z.union([key, z.enum(ticketProperties)])).optional(),
      /** Result values stored into ticket fields: { result name: field key }. */
      output: z.record(z.string().min(1), key).optional(),
      /** A system transition to take once the call succeeded. */
      onSuccess: key.optional(),
    }),
    /** Take a transition right away (it must allow `system`). */
    z.strictObject({ kind: z.literal('transition'), transition: key }),
  ],
  {
    error:
      'unknown action kind: expected assign, set_field, set_priority, raise_priority, notify, integration or transition',
  },
);
export type Action = z.infer<typeof action>;

export const stateTimer = z.strictObject({
  /** Calendar time spent in the state before the transition is taken. */
  after: duration,
  transition: key,
});

export const state = z.strictObject({
  key,
  label,
  category: z.enum(categories, { error: `must be one of ${categories.join(', ')}` }),
  onEnter: z.array(action).optional(),
  timers: z.array(stateTimer).optional(),
  /** The transition a public comment by the ticket's requester takes while the ticket is in this state
   * (e.g. a reply while waiting on the requester takes the ticket back to work). */
  onRequesterReply: key
    .optional()
    .describe(
      "a transition to take when the ticket's requester adds a public comment in this state: it must leave this state, be open to the requester and require no fields",
    ),
});
export type StateDefinition = z.infer<typeof state>;

export const transition = z.strictObject({
  key,
  label,
  from: z.array(key).min(1),
  to: key,
  by: z.array(taker),
  /** Fields that must have a value once the move is made (it may supply them). */
  requires: z.array(key).optional(),
});
export type TransitionDefinition = z.infer<typeof transition>;

/**
 * A value a signal carries. `longtext` is free text — a message, a comment, an email body — of up to
 * 50,000 characters: it is stored in Postgres and the ticket's workflow gets only its id, like a
 * `longtext` field. `text` is a short value — an id, a key, a revision, a name — of up to 1,000
 * characters, kept as it is; one longer than 200 characters (free text declared as `text` by an older
 * version) is stored like a `longtext`. Readers of the timeline see the texts, not the ids.
 */
const payloadField = z.strictObject({
  key,
  type: z
    .enum(payloadTypes)
    .describe(
      'longtext: free text (a message, a comment), stored apart from the workflow; text: a short value (an id, a key) of up to 1,000 characters, stored apart too when over 200; number; url; date (YYYY-MM-DD)',
    ),
  required: z.boolean().optional(),
});

export const signal = z.strictObject({
  /** `system.event`, e.g. `jira.issue_resolved`. */
  name: z.string().regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, 'must be system.event in snake_case'),
  label,
  payload: z.array(payloadField).optional(),
  /** States in which the signal applies; everywhere but `done` states when omitted. */
  states: z.array(key).optional(),
  effect: z.discriminatedUnion(
    'kind',
    [
      z.strictObject({ kind: z.literal('transition'), transition: key }),
      /** Record the payload on the timeline; `comment` records it as an internal comment, which (with the
       * payload's texts) only staff of the ticket's group and admins read. */
      z.strictObject({ kind: z.literal('timeline'), as: z.enum(['event', 'comment']).optional() }),
    ],
    { error: 'unknown signal effect: expected transition or timeline' },
  ),
  /** Actions run after the effect, e.g. notify the assignee. */
  actions: z.array(action).optional(),
});
export type SignalDefinition = z.infer<typeof signal>;

const fraction = 'must be a fraction of the target between 0 and 1, e.g. 0.75';

export const sla = z.strictObject({
  key,
  label,
  target: duration,
  /** `business` counts the working hours of the process calendar; `calendar` counts every hour. */
  time: z.enum(['business', 'calendar']),
  startOn: z.array(key).min(1),
  stopOn: z.array(key).min(1),
  /** The clock also stops on the first public comment by staff working the ticket (first response time);
   * internal notes and the requester's comments leave it running. */
  stopOnStaffReply: z
    .boolean({ error: 'must be true or false' })
    .optional()
    .describe(
      "true: the clock also stops on the first public reply by staff working the ticket (first response time); internal notes and the requester's comments do not stop it",
    ),
  /** States in which the clock pauses; the `waiting` states when omitted. */
  pauseIn: z.array(key).optional(),
  atRisk: z.strictObject({ at: z.number().gt(0, fraction).lt(1, fraction), actions: z.array(action) }).optional(),
  breached: z.strictObject({ actions: z.array(action) }).optional(),
});
export type SlaDefinition = z.infer<typeof sla>;

/**
 * A notification rule: whenever the ticket's timeline records the event, the recipients get the
 * message — on every state, unlike an action. `commented` is a public comment; `resolved` entering a
 * `done` state; `moved` any move, or only those into the states listed in `into`.
 */
export const notificationRule = z.strictObject({
  on: z
    .enum(ruleEvents, { error: `must be one of ${ruleEvents.join(', ')}` })
    .describe(
      'the timeline event: created, assigned, commented (public comments), moved, sla_at_risk, sla_breached, resolved (entering a done state); the person who caused it is not notified',
    ),
  into: z.array(key).min(1).optional().describe('for "moved": only moves into these states'),
  ...message,
});
export type NotificationRule = z.infer<typeof notificationRule>;

const weekday = z.array(z.tuple([time, time])).optional();
export const calendar = z.strictObject({
  /** IANA time zone, e.g. Europe/Berlin. */
  timeZone: z.string().min(1),
  workingHours: z.strictObject({
    mon: weekday,
    tue: weekday,
    wed: weekday,
    thu: weekday,
    fri: weekday,
    sat: weekday,
    sun: weekday,
  }),
  /** Days off, YYYY-MM-DD in the calendar's time zone. */
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')).optional(),
});
export type CalendarDefinition = z.infer<typeof calendar>;

export const processDefinition = z.strictObject({
  format: z.literal(FORMAT_VERSION, { error: `format must be ${FORMAT_VERSION}` }),
  key: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lowercase letters, digits and -'),
  name: label,
  description: z.string().max(2000).optional(),
  /** Ticket numbers are PREFIX-000123. */
  ticketPrefix: z.string().regex(/^[A-Z][A-Z0-9]{0,9}$/, 'must be 1-10 uppercase letters or digits'),
  /** The queue a new ticket belongs to until an `assign` action names another. */
  group: groupKey,
  defaultPriority: z.enum(priorities).optional(),
  initialState: key,
  /** How long a ticket in a `done` state can still be reopened before its workflow completes. */
  reopenWindow: duration.optional(),
  calendar: calendar.optional(),
  fields: z.array(field),
  states: z.array(state).min(1),
  transitions: z.array(transition),
  signals: z.array(signal).optional(),
  slas: z.array(sla).optional(),
  /** Who hears of what happens to a ticket, whatever its state. */
  notifications: z.array(notificationRule).optional(),
});
export type ProcessDefinition = z.infer<typeof processDefinition>;

/** A published version: what a ticket workflow is started with and keeps for its whole life. */
export interface ProcessVersion {
  key: string;
  version: number;
  definition: ProcessDefinition;
}
