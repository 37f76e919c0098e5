// The ticket service's Temporal side: starting a ticket's workflow, sending it updates, reading its
// snapshot. Every failure becomes a typed outcome by its type and gRPC code, never by its message text.
// Every call ends by its deadline, whatever the client's own retries are doing then (their backoff
// can sleep past a gRPC deadline while the server is down), and an update answered has its read-model
// mark cleared (confirmations.ts).
import { randomUUID } from 'node:crypto';
import {
  isGrpcServiceError,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure, TypedSearchAttributes, type UpdateDefinition } from '@temporalio/common';
import { AppError, RefusedError } from '../errors.js';
import { isUpdateLimit } from '../../temporal/client.js';
import { ticketSearchAttributes as sa } from '../../workflows/search-attributes.js';
import { appliedUpdateQuery, projectedQuery, snapshotQuery, syncUpdate } from '../../workflows/ticket/messages.js';
import {
  refusalReasons,
  type RefusalReason,
  type TicketSnapshot,
  type TicketWorkflowInput,
} from '../../workflows/ticket/model.js';
import { ticketWorkflow } from '../../workflows/ticket/workflow.js';
import { deadlineOf } from './call-deadline.js';
import type { Confirmations } from './confirmations.js';

/** The longest a caller waits for a change: after it, UNAVAILABLE ("outcome unknown; retry"). */
export const DEFAULT_UPDATE_TIMEOUT_MS = 10_000;
/** How often an update the server dropped unprocessed (UnprocessedUpdate) is sent again, same id. */
const UNPROCESSED_RETRIES = 3;
/** The first pause before an update refused for the ticket's in-flight limit is sent again (same id),
 * and how long that goes on: a burst passes within it; a ticket stuck longer is CONFLICT to the caller. */
const BUSY_BACKOFF_MS = 50;
const BUSY_RETRY_MS = 3_000;
const GRPC_UNAVAILABLE = 14;
const GRPC_FAILED_PRECONDITION = 9;
const GRPC_DEADLINE_EXCEEDED = 4;

/** The engine said no: the process does not allow this change. */
export class Refused extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
    readonly details: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'Refused';
  }
}

/** A call still under way at its deadline: its outcome is unknown. */
class DeadlinePassed extends Error {}

export interface TicketWorkflowsDeps {
  temporal: Client;
  taskQueue: string;
  updateTimeoutMs?: number;
  /** Where answered updates go to clear their read-model marks; none: the sweep clears them. */
  confirmations?: Confirmations;
}

export function createTicketWorkflows({ temporal, taskQueue, updateTimeoutMs, confirmations }: TicketWorkflowsDeps) {
  const timeoutMs = updateTimeoutMs ?? DEFAULT_UPDATE_TIMEOUT_MS;
  const handle = (number: string): WorkflowHandle<typeof ticketWorkflow> => temporal.workflow.getHandle(number);
  const deadlineFromNow = () => deadlineOf(timeoutMs);

  /** `run` with the gRPC deadline set, and given up at the deadline even if the client is still retrying
   * (its own failure after that is nobody's). */
  function withDeadline<T>(run: () => Promise<T>, deadline = deadlineFromNow()): Promise<T> {
    const call = temporal.withDeadline(deadline, run);
    call.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeadlinePassed()), Math.max(0, deadline - Date.now()));
    });
    return Promise.race([call, late]).finally(() => clearTimeout(timer));
  }

  /** What a failed call means for the caller: a refusal, or a typed AppError. `updateId` is the one
   * the caller sent (a retry sends it again), whatever id the call had in Temporal. */
  async function classify(number: string, error: unknown, updateId: string, deadline?: number): Promise<Error> {
    const failure = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
    if (failure instanceof ApplicationFailure) {
      const reason = refusalReasons.find((r) => r === failure.type);
      if (reason) return new Refused(reason, failure.message, (failure.details?.[0] ?? {}) as Record<string, unknown>);
      if (failure.type === 'AcceptedUpdateCompletedWorkflow') return closed(number);
      if (failure.type === 'UnprocessedUpdate') return busy(number, 'UPDATE_NOT_PROCESSED');
    }
    if (isUpdateLimit(error)) return busy(number, 'TOO_MANY_CONCURRENT_CHANGES');
    if (isTaskFailure(error))
      return new AppError(
        'UNAVAILABLE',
        `ticket ${number} could not take the change just now; retrying with the same update id is safe`,
        { reason: 'WORKFLOW_TASK_FAILED', updateId },
      );
    if (error instanceof WorkflowNotFoundError) {
      const exists = await withDeadline(() => workflowExists(number), deadline).catch((failure: unknown) => failure);
      if (typeof exists !== 'boolean') return classify(number, exists, updateId);
      return exists
        ? closed(number)
        : new AppError('UNAVAILABLE', `ticket ${number} is still being created; try again`, {
            reason: 'NOT_STARTED',
            updateId,
          });
    }
    if (
      error instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
      error instanceof DeadlinePassed ||
      isUnavailable(error)
    ) {
      return new AppError(
        'UNAVAILABLE',
        `ticket ${number} did not answer in time: outcome unknown; retrying with the same update id is safe`,
        { reason: 'OUTCOME_UNKNOWN', updateId },
      );
    }
    return error instanceof Error ? error : new Error(String(error));
  }

  async function workflowExists(number: string): Promise<boolean> {
    try {
      await handle(number).describe();
      return true;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  }

  return {
    /**
     * Sends an update and waits for its result, at most the update timeout in all. A caller that retries
     * after UNAVAILABLE passes the same update id: the change is then applied once. `updateId` is the id
     * in Temporal; `shownAs`, the one the caller sent, which errors name.
     */
    async update<Ret, Arg>(
      number: string,
      definition: UpdateDefinition<Ret, [Arg]>,
      arg: Arg,
      updateId: string = randomUUID(),
      shownAs: string = updateId,
    ): Promise<Ret> {
      const deadline = deadlineFromNow();
      const busyUntil = Math.min(Date.now() + BUSY_RETRY_MS, deadline);
      let unprocessed = 0;
      for (let attempt = 1; ; attempt++) {
        try {
          const answer = await withDeadline(
            () => handle(number).executeUpdate(definition, { args: [arg], updateId }),
            deadline,
          );
          confirmations?.confirmed(number, updateId);
          return answer;
        } catch (error) {
          const outcome = await classify(number, error, shownAs, deadline);
          const reason = outcome instanceof AppError ? outcome.details.reason : undefined;
          // Sent again under the same id, which applies it once: a drop the server did not get to, an
          // update whose workflow task failed (a worker stopping under it: the task runs again), and
          // (until the deadline) the ticket's limit of changes in flight, which other callers hold.
          const pause = Math.min(BUSY_BACKOFF_MS * 2 ** Math.min(attempt, 5), 1000) * (0.5 + Math.random());
          const again =
            (reason === 'UPDATE_NOT_PROCESSED' && ++unprocessed < UNPROCESSED_RETRIES) ||
            reason === 'WORKFLOW_TASK_FAILED' ||
            (reason === 'TOO_MANY_CONCURRENT_CHANGES' && Date.now() + pause < busyUntil);
          if (!again || Date.now() + pause >= deadline) throw outcome;
          await new Promise((resolve) => setTimeout(resolve, pause));
        }
      }
    },

    /**
     * What an update this ticket already took answered, found by its id: a retry after a lost answer
     * gets the first answer (or its refusal again). Undefined when the ticket has no update by that id.
     */
    async earlier<Ret>(number: string, updateId: string, shownAs = updateId): Promise<{ answer: Ret } | undefined> {
      try {
        const answer = await withDeadline(() => handle(number).getUpdateHandle<Ret>(updateId).result());
        confirmations?.confirmed(number, updateId);
        return { answer };
      } catch (error) {
        // No update by that id in this run (the client calls the server's NOT_FOUND so): an earlier run
        // may have taken it and carried its id over, and then the answer is the ticket as it is now.
        if (error instanceof WorkflowNotFoundError) {
          const carried = await withDeadline(() => handle(number).query(appliedUpdateQuery, updateId)).catch(
            async (failure: unknown) => {
              if (failure instanceof WorkflowNotFoundError) return null;
              throw await classify(number, failure, shownAs);
            },
          );
          return carried ? { answer: carried as Ret } : undefined;
        }
        // A refusal again; or UNAVAILABLE when Temporal does not answer: whether it took it is unknown.
        throw await classify(number, error, shownAs);
      }
    },

    /** Starts the ticket's workflow (or finds it started) and returns its snapshot once projected. */
    async start(input: TicketWorkflowInput): Promise<TicketSnapshot> {
      const def = input.process.definition;
      const startWorkflowOperation = new WithStartWorkflowOperation(ticketWorkflow, {
        workflowId: input.number,
        taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: new TypedSearchAttributes([
          { key: sa.process, value: input.process.key },
          { key: sa.group, value: def.group },
        ]),
      });
      const updateId = `start:${input.number}`;
      try {
        return await withDeadline(() =>
          temporal.workflow.executeUpdateWithStart(syncUpdate, {
            args: [{ settled: false }],
            startWorkflowOperation,
            updateId,
          }),
        );
      } catch (error) {
        // Started and already finished (a retried create of a short-lived ticket): its last snapshot.
        if (error instanceof WorkflowExecutionAlreadyStartedError) return handle(input.number).query(snapshotQuery);
        throw await classify(input.number, error, updateId);
      }
    },

    /** The ticket once its workflow has started and projected what it did so far. */
    async synced(number: string, settled = false): Promise<TicketSnapshot> {
      try {
        return await this.update(number, syncUpdate, { settled });
      } catch (error) {
        if (error instanceof AppError && error.details.reason === 'TICKET_CLOSED')
          return handle(number).query(snapshotQuery);
        throw error;
      }
    },

    /** What the read model's row should hold of the ticket, from its workflow (a closed one too). */
    async projected(number: string) {
      try {
        return await withDeadline(() => handle(number).query(projectedQuery));
      } catch (error) {
        throw await classify(number, error, '');
      }
    },

    /** The ticket as its workflow has it: UNAVAILABLE when Temporal does not answer. */
    async snapshot(number: string): Promise<TicketSnapshot> {
      try {
        return await withDeadline(() => handle(number).query(snapshotQuery));
      } catch (error) {
        throw await classify(number, error, '');
      }
    },
  };
}

export type TicketWorkflows = ReturnType<typeof createTicketWorkflows>;

function closed(number: string): AppError {
  return new RefusedError('TICKET_CLOSED', `Ticket ${number} is closed: it can no longer change`);
}

function busy(number: string, reason: string): AppError {
  return new AppError('CONFLICT', `ticket ${number} is busy with other changes; try again`, { reason });
}

/**
 * The server's answer to an update whose workflow task failed before it was accepted — a worker that
 * stopped or evicted the run under it: the update was not taken and the task runs again on a worker.
 * Temporal gives it no code of its own, only FAILED_PRECONDITION and these words.
 */
function isTaskFailure(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    if (
      isGrpcServiceError(e) &&
      e.code === GRPC_FAILED_PRECONDITION &&
      /unexpected workflow task failure/i.test(e.details)
    )
      return true;
  }
  return false;
}

function isUnavailable(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    if (isGrpcServiceError(e) && (e.code === GRPC_UNAVAILABLE || e.code === GRPC_DEADLINE_EXCEEDED)) return true;
  }
  return false;
}
