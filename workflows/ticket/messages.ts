// The messages a ticket workflow answers. Clients import these same definitions; their request types
// live in model.ts beside the interpreter inputs they become.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  AttachRequest,
  CommentRequest,
  MacroRequest,
  MoveRequest,
  ReassignRequest,
  SetFieldsRequest,
  SetPriorityRequest,
  SignalDelivery,
  TicketSnapshot,
} from './model.js';

export interface SignalOutcome {
  duplicate: boolean;
  ticket: TicketSnapshot;
}

// Every update returns once its change is in the read model, so the caller reads its own write.
export const moveUpdate = defineUpdate<TicketSnapshot, [MoveRequest]>('move');
export const signalUpdate = defineUpdate<SignalOutcome, [SignalDelivery]>('signal');
export const reassignUpdate = defineUpdate<TicketSnapshot, [ReassignRequest]>('reassign');
export const setFieldsUpdate = defineUpdate<TicketSnapshot, [SetFieldsRequest]>('setFields');
export const setPriorityUpdate = defineUpdate<TicketSnapshot, [SetPriorityRequest]>('setPriority');
export const commentUpdate = defineUpdate<TicketSnapshot, [CommentRequest]>('comment');
export const attachUpdate = defineUpdate<TicketSnapshot, [AttachRequest]>('attach');
/** Several changes as one (macro.ts): all apply, or none and the refused part is named. */
export const macroUpdate = defineUpdate<TicketSnapshot, [MacroRequest]>('macro');
export interface SyncRequest {
  /** Also wait until every queued action has run (e.g. the round-robin assignment of a new ticket). */
  settled: boolean;
  /** Also write the workflow's state over the ticket's row and drop timeline events beyond it: what a
   * workflow task the Temporal server lost had projected (the read model ran ahead of the workflow). */
  repair?: boolean;
}

/** Waits until everything the workflow has done so far is in the read model. */
export const syncUpdate = defineUpdate<TicketSnapshot, [SyncRequest]>('sync');

export const snapshotQuery = defineQuery<TicketSnapshot>('snapshot');

/** The ticket as it is now if this run remembers taking the update of this id, which an earlier run
 * took and carried over (Temporal knows an update id within its own run only); else null. */
export const appliedUpdateQuery = defineQuery<TicketSnapshot | null, [string]>('appliedUpdate');

/** What the read model's row holds of the ticket: how the API mends the row of a closed ticket. */
export interface ProjectedState {
  ticket: TicketSnapshot;
  seq: number;
  doneAt: number | null;
}
export const projectedQuery = defineQuery<ProjectedState>('projected');
