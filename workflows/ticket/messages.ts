// The messages a ticket workflow answers. Clients import these same definitions.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Priority } from '../process/definition.js';
import type { Fields, Person, TicketSnapshot } from './model.js';

export interface MoveRequest {
  actor: Person;
  transition: string;
  fields?: Fields;
  /** The version the caller saw; a move based on an older version is refused (STALE_VERSION). */
  expectedVersion?: number;
}

export interface SignalDelivery {
  name: string;
  payload: Record<string, unknown>;
  /** The sender's id for this event: a redelivery has no second effect, also across continue-as-new. */
  idempotencyKey: string;
  /** Who sent it, e.g. the API key's name. */
  source: string;
}

export interface SignalOutcome {
  duplicate: boolean;
  ticket: TicketSnapshot;
}

export interface ReassignRequest {
  actor: Person;
  userId: string | null;
  group?: string;
  expectedVersion?: number;
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
}

export interface AttachRequest {
  actor: Person;
  /** The stored attachment (metadata in Postgres, bytes on disk). */
  attachmentId: string;
}

// Every update returns once its change is in the read model, so the caller reads its own write.
export const moveUpdate = defineUpdate<TicketSnapshot, [MoveRequest]>('move');
export const signalUpdate = defineUpdate<SignalOutcome, [SignalDelivery]>('signal');
export const reassignUpdate = defineUpdate<TicketSnapshot, [ReassignRequest]>('reassign');
export const setFieldsUpdate = defineUpdate<TicketSnapshot, [SetFieldsRequest]>('setFields');
export const setPriorityUpdate = defineUpdate<TicketSnapshot, [SetPriorityRequest]>('setPriority');
export const commentUpdate = defineUpdate<TicketSnapshot, [CommentRequest]>('comment');
export const attachUpdate = defineUpdate<TicketSnapshot, [AttachRequest]>('attach');
export interface SyncRequest {
  /** Also wait until every queued action has run (e.g. the round-robin assignment of a new ticket). */
  settled: boolean;
}

/** Waits until everything the workflow has done so far is in the read model. */
export const syncUpdate = defineUpdate<TicketSnapshot, [SyncRequest]>('sync');

export const snapshotQuery = defineQuery<TicketSnapshot>('snapshot');
