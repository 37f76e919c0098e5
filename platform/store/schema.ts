// Row types of the Postgres tables, as kysely sees them.
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { ProcessDefinition } from '../../workflows/process/definition.js';
import type { NotificationChannel, NotificationEvent, Role } from '../../workflows/process/vocabulary.js';
import type { TicketWorkflowInput } from '../../workflows/ticket/model.js';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export { roles, type Role } from '../../workflows/process/vocabulary.js';
/** `pending` until an admin approves a registration (or `rejected`); `away` keeps round-robin off a person. */
export const userStatuses = ['pending', 'active', 'away', 'inactive', 'rejected'] as const;
export type UserStatus = (typeof userStatuses)[number];
/** What an operator sets by hand; a registration is decided by approval or rejection instead. */
export const settableStatuses = ['active', 'away', 'inactive'] as const satisfies readonly UserStatus[];

export interface RefreshTokensTable {
  id: Generated<string>;
  user_id: string;
  family_id: string;
  token_hash: string;
  expires_at: Date;
  replaced_at: Date | null;
  revoked_at: Date | null;
  created_at: CreatedAt;
}

/** What an API key may do: nothing beyond what it names. */
export interface ApiKeyScope {
  /** Process keys whose tickets it may touch. */
  processes: string[];
  /** Signal names it may send (to tickets of those processes). */
  signals: string[];
  createTickets: boolean;
  readTickets: boolean;
}

export interface ApiKeysTable {
  id: Generated<string>;
  name: string;
  prefix: string;
  secret_hash: string;
  scope: JSONColumnType<ApiKeyScope, string, string>;
  created_by: string | null;
  created_at: CreatedAt;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: Role;
  status: ColumnType<UserStatus, UserStatus | undefined, UserStatus>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** argon2id; null for people who cannot sign in with a password (created by the CLI without one). */
  password_hash: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface GroupsTable {
  id: Generated<string>;
  key: string;
  name: string;
  created_at: CreatedAt;
}

export interface GroupMembersTable {
  group_id: string;
  user_id: string;
  position: Generated<number>;
  joined_at: CreatedAt;
}

export interface RequestersTable {
  id: Generated<string>;
  name: string;
  email: string;
  user_id: string | null;
  created_at: CreatedAt;
}

export interface ProcessDraftsTable {
  key: string;
  /** Unvalidated while it is a draft. */
  definition: ColumnType<unknown, string, string>;
  updated_by: string;
  updated_at: UpdatedAt;
}

export interface ProcessVersionsTable {
  key: string;
  version: number;
  definition: JSONColumnType<ProcessDefinition, string, never>;
  published_by: string;
  published_at: CreatedAt;
}

/** A process that takes no new tickets (its running tickets go on). */
export interface RetiredProcessesTable {
  key: string;
  retired_at: CreatedAt;
  retired_by: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: CreatedAt;
  actor: string;
  action: string;
  subject: string;
  details: JSONColumnType<Record<string, unknown>, string | undefined, never>;
}

export interface TicketCountersTable {
  prefix: string;
  last: number;
}

export interface TicketsTable {
  id: Generated<string>;
  number: string;
  idempotency_key: string | null;
  process_key: string;
  process_version: number;
  title: string;
  requester_id: string;
  created_by: string | null;
  state: string | null;
  category: string | null;
  priority: string;
  group_key: string;
  assignee_id: string | null;
  fields: JSONColumnType<Record<string, unknown>, string | undefined, string>;
  /** SLA clocks: status, deadline, at risk, breached. */
  slas: JSONColumnType<Record<string, unknown>, string | undefined, string>;
  version: ColumnType<number, number | undefined, number>;
  /** The last projected timeline event: the projection only moves forward. */
  seq: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  done_at: Date | null;
  /** The workflow's start arguments until the workflow is known to run (see the reconciler). */
  start_input: ColumnType<StoredStartInput | null, string | null | undefined, string | null>;
  /** What the projection could not store, when it met data Postgres refuses. */
  projection_error: ColumnType<ProjectionError | null, string | null | undefined, string | null>;
  /** The update whose workflow task projected this row and is not yet known stored by Temporal. */
  unconfirmed_update: string | null;
  /** Since when the row has shown that update's change: the sweep checks marks older than a few seconds. */
  unconfirmed_since: Date | null;
  /** The earliest deadline of the ticket's running SLA clocks (null: none); the queue sorts by it. */
  sla_due_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export type StoredStartInput = Omit<TicketWorkflowInput, 'process' | 'carried'> & {
  process: { key: string; version: number };
};

export interface ProjectionError {
  seq: number;
  code: string;
  message: string;
  at: string;
}

export interface TicketTextsTable {
  id: Generated<string>;
  ticket_id: string;
  purpose: string;
  body: string;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface TicketEventsTable {
  ticket_id: string;
  seq: number;
  type: string;
  at: Date;
  actor: JSONColumnType<Record<string, unknown>, string, never>;
  data: JSONColumnType<Record<string, unknown>, string, never>;
}

export interface CommentsTable {
  id: Generated<string>;
  ticket_id: string;
  author_id: string | null;
  visibility: 'public' | 'internal';
  body: string;
  /** The staff an internal note mentions and notifies, by user id (none for a public reply). */
  mention_ids: ColumnType<string[], string[] | undefined, never>;
  created_at: CreatedAt;
}

/** A ticket's search documents (migration 2026-12-07-40), kept by triggers: never written by the app. */
export interface TicketSearchTable {
  ticket_id: string;
  /** Title (A), description (B), public comments (C): what a requester may read. */
  public_doc: ColumnType<string, never, never>;
  /** The public document and internal notes (C): what staff search. */
  staff_doc: ColumnType<string, never, never>;
}

export interface AttachmentsTable {
  id: Generated<string>;
  ticket_id: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  storage_path: string;
  uploaded_by: string | null;
  created_at: CreatedAt;
}

export interface RoundRobinCursorsTable {
  group_id: string;
  last_position: ColumnType<number, number | undefined, number>;
}

export interface AssignmentsTable {
  ticket_id: string;
  entry: number;
  group_id: string;
  user_id: string | null;
  reason: string | null;
  created_at: CreatedAt;
}

/** One message to one person on one channel, recorded before it is sent (see activities/notifications/). */
export interface NotificationsTable {
  id: Generated<string>;
  ticket_id: string;
  ticket_number: string;
  /** The workflow's id for the notify action run: with recipient and channel, what makes a message unique. */
  effect_id: string;
  /** The timeline event the notification followed. */
  event_seq: number;
  event: NotificationEvent;
  template: string;
  /** A user id, or `requester:<id>` for a requester without an account. */
  recipient_key: string;
  recipient_id: string | null;
  recipient_name: string;
  recipient_email: string;
  channel: NotificationChannel;
  subject: string;
  /** The message as text (mail's text part, the notification centre's line). */
  body: string;
  /** Mail's HTML part. */
  html: ColumnType<string, string | undefined, string>;
  /** The notification centre's line: who did what on which ticket (null for messages from before it). */
  summary: ColumnType<string | null, string | null | undefined, string | null>;
  status: ColumnType<'pending' | 'sent' | 'failed', 'pending' | 'sent' | 'failed' | undefined>;
  /** The Message-ID every send of this message carries (a resend after a crash repeats it). */
  message_id: string;
  error: string | null;
  created_at: CreatedAt;
  sent_at: Date | null;
  read_at: Date | null;
}

export interface NotificationPreferencesTable {
  user_id: string;
  event: NotificationEvent;
  channel: NotificationChannel;
  enabled: boolean;
}

/** A vendor object (a Jira issue by id and by key, …) that an integration call linked to a ticket. */
export interface TicketLinksTable {
  system: string;
  external_id: string;
  ticket_id: string;
  created_at: CreatedAt;
}

/** One inbound webhook delivery and what became of it (api/webhooks/). */
export interface WebhookDeliveriesTable {
  /** bigserial: a number, as db.ts parses int8 (GraphQL shows it as an ID string). */
  id: Generated<number>;
  vendor: string;
  event_id: string | null;
  event_type: string | null;
  outcome: 'accepted' | 'duplicate' | 'ignored' | 'refused';
  status: number;
  reason: string | null;
  /** The numbers of the tickets it was delivered to. */
  tickets: ColumnType<string[], string[] | undefined, never>;
  received_at: CreatedAt;
}

/** The VAPID key pair Web Push messages are signed with: one row, made at first start. */
export interface WebPushKeysTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  public_key: string;
  private_key: string;
  created_at: CreatedAt;
}

/** A browser a person opted in to Web Push from (its PushSubscription). */
export interface PushSubscriptionsTable {
  id: Generated<string>;
  user_id: string;
  endpoint: string;
  /** The browser's P-256 public key and auth secret, base64url, that messages are encrypted for. */
  p256dh: string;
  auth: string;
  /** When it was saved last: a person's oldest browsers are forgotten first. */
  created_at: ColumnType<Date, Date | undefined, Date>;
}

/** A push notification's answer from one browser's push service (none yet: still to send). */
export interface PushDeliveriesTable {
  notification_id: string;
  subscription_id: string;
  status: 'delivered' | 'refused';
  error: string | null;
  at: CreatedAt;
}

/** What a person typed on a ticket and has not sent yet, by slot ("reply", "note", "move:<transition>"). */
export interface TicketDraftsTable {
  user_id: string;
  ticket_id: string;
  slot: string;
  /** Any JSON but null (an empty draft is no row), as the web app saved it. */
  value: ColumnType<unknown, string, string>;
  updated_at: UpdatedAt;
}

/** A canned reply (kind reply) or a macro (kind macro) of one group, or of all (group_key null). */
export interface MacrosTable {
  id: Generated<string>;
  kind: 'reply' | 'macro';
  group_key: string | null;
  process_key: string | null;
  name: string;
  /** The reply's text with placeholders ({{requester.name}}, …); empty for a macro without a reply. */
  body: string;
  reply_visibility: 'public' | 'internal' | null;
  fields: ColumnType<Record<string, unknown>, string | undefined, string>;
  priority: string | null;
  transition: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** A bulk action a caller ran, under the caller's own bulk id (platform/tickets/bulk.ts). */
export interface BulkRunsTable {
  caller: string;
  bulk_id: string;
  action: ColumnType<unknown, string, never>;
  created_at: CreatedAt;
}

/** A ticket's settled outcome in a bulk action: a retry answers it from here. */
export interface BulkResultsTable {
  caller: string;
  bulk_id: string;
  number: string;
  outcome: 'APPLIED' | 'REFUSED' | 'NOT_FOUND' | 'UNCHANGED';
  message: string;
}

export interface Database {
  users: UsersTable;
  refresh_tokens: RefreshTokensTable;
  api_keys: ApiKeysTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  requesters: RequestersTable;
  process_drafts: ProcessDraftsTable;
  process_versions: ProcessVersionsTable;
  retired_processes: RetiredProcessesTable;
  audit_log: AuditLogTable;
  ticket_counters: TicketCountersTable;
  tickets: TicketsTable;
  ticket_texts: TicketTextsTable;
  ticket_events: TicketEventsTable;
  comments: CommentsTable;
  attachments: AttachmentsTable;
  round_robin_cursors: RoundRobinCursorsTable;
  assignments: AssignmentsTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  ticket_links: TicketLinksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  web_push_keys: WebPushKeysTable;
  push_subscriptions: PushSubscriptionsTable;
  push_deliveries: PushDeliveriesTable;
  ticket_drafts: TicketDraftsTable;
  ticket_search: TicketSearchTable;
  macros: MacrosTable;
  bulk_runs: BulkRunsTable;
  bulk_results: BulkResultsTable;
  saved_views: SavedViewsTable;
  queue_preferences: QueuePreferencesTable;
}

/** A saved view of the queue: a person's own (owner_user_id) or shared with a group (group_key). */
export interface SavedViewsTable {
  id: Generated<string>;
  name: string;
  owner_user_id: string | null;
  group_key: string | null;
  filter: JSONColumnType<Record<string, unknown>, string, string>;
  sort: string;
  columns: JSONColumnType<string[], string, string>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** A person's default view of the queue: a saved view's id or a built-in view's key. */
export interface QueuePreferencesTable {
  user_id: string;
  default_view: string;
  updated_at: UpdatedAt;
}
