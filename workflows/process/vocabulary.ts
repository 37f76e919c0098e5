// The fixed words of the process definition language. Plain constants without zod, so workflow code
// can use them without bundling the schema library.
export const FORMAT_VERSION = 1;

export const categories = ['new', 'active', 'waiting', 'done'] as const;
export type Category = (typeof categories)[number];

export const priorities = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof priorities)[number];

/** The roles of people, and those of them that are staff (they work tickets; employees ask). */
export const roles = ['EMPLOYEE', 'AGENT', 'COORDINATOR', 'ADMIN'] as const;
export type Role = (typeof roles)[number];
export const staffRoles = ['AGENT', 'COORDINATOR', 'ADMIN'] as const satisfies readonly Role[];
export const isStaffRole = (role: Role): boolean => (staffRoles as readonly Role[]).includes(role);
/** Who a field is for (its `visibleTo` and `editableBy`), in the words of a transition's `by`: the
 * ticket's requester, or the staff who work the ticket, by role. */
export const fieldAudiences = ['requester', ...staffRoles] as const;
export type FieldAudience = (typeof fieldAudiences)[number];
export const fieldTypes = ['text', 'longtext', 'number', 'enum', 'date', 'user', 'url'] as const;
export type FieldType = (typeof fieldTypes)[number];
/** What a signal's payload values may be: see `payloadField` in definition.ts for how texts are kept. */
export const payloadTypes = ['text', 'longtext', 'number', 'url', 'date'] as const;
export type PayloadType = (typeof payloadTypes)[number];

/** Ticket properties an integration may send besides its fields. */
export const ticketProperties = ['ticket.number', 'ticket.title', 'ticket.priority'] as const;

/** The outbound calls the integration activities implement, by system. Each system's vendor (its settings,
 * adapter, object ids, webhook) is in activities/integrations/vendors.ts, whose compilation asks for one
 * for every system here. */
export const integrationOperations = {
  cad: ['read_drawing'],
  erp: ['create_order'],
  jira: ['create_issue'],
  salesforce: ['create_case', 'update_case'],
} as const;
export type IntegrationSystem = keyof typeof integrationOperations;

/** What a process's notification rules may be on. */
export const ruleEvents = [
  'created',
  'assigned',
  'commented',
  'moved',
  'sla_at_risk',
  'sla_breached',
  'resolved',
] as const;
/** What a person may be notified of; each person chooses, per event, the channels they want. Beside the
 * rules' events: being mentioned in an internal note, which no rule sends (the engine does). */
export const notificationEvents = [...ruleEvents, 'mentioned'] as const;
export type NotificationEvent = (typeof notificationEvents)[number];
/** Where a notification goes: a mail, the app's notification centre, or Web Push to the browsers a
 * person opted in from. A notify action's `push` channel reaches the last two. */
export const notificationChannels = ['email', 'in_app', 'push'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];
