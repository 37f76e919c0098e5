// The ticket service's Temporal side: starting a ticket's workflow, sending it updates, reading its
// snapshot. Every failure becomes a typed outcome by its type and gRPC code, never by its message text.
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
import { AppError } from '../../platform/errors.js';
import { isUpdateLimit } from '../../temporal/client.js';
import { ticketSearchAttributes as sa } from '../../workflows/search-attributes.js';
import { snapshotQuery, syncUpdate } from '../../workflows/ticket/messages.js';
import {
  refusalReasons,
  type RefusalReason,
  type TicketSnapshot,
  type TicketWorkflowInput,
} from '../../workflows/ticket/model.js';
import { ticketWorkflow } from '../../workflows/ticket/workflow.js';

/** The longest a caller waits for a change: after it, UNAVAILABLE ("outcome unknown; retry"). */
export const DEFAULT_UPDATE_TIMEOUT_MS = 10_000;
/** How often an update the server dropped unprocessed (UnprocessedUpdate) is sent again, same id. */
const UNPROCESSED_RETRIES = 3;
const GRPC_UNAVAILABLE = 14;
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

export interface TicketWorkflowsDeps {
  temporal: Client;
  taskQueue: string;
  updateTimeoutMs?: number;
}

export function createTicketWorkflows({ temporal, taskQueue, updateTimeoutMs }: TicketWorkflowsDeps) {
  const timeoutMs = updateTimeoutMs ?? DEFAULT_UPDATE_TIMEOUT_MS;
  const handle = (number: string): WorkflowHandle<typeof ticketWorkflow> => temporal.workflow.getHandle(number);
  const withDeadline = <T>(run: () => Promise<T>) => temporal.withDeadline(Date.now() + timeoutMs, run);

  /** What a failed call means for the caller: a refusal, or a typed AppError. */
  async function classify(number: string, error: unknown, updateId: string): Promise<Error> {
    const failure = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
    if (failure instanceof ApplicationFailure) {
      const reason = refusalReasons.find((r) => r === failure.type);
      if (reason) return new Refused(reason, failure.message, (failure.details?.[0] ?? {}) as Record<string, unknown>);
      if (failure.type === 'AcceptedUpdateCompletedWorkflow') return closed(number);
      if (failure.type === 'UnprocessedUpdate') return busy(number, 'UPDATE_NOT_PROCESSED');
    }
    if (isUpdateLimit(error)) return busy(number, 'TOO_MANY_CONCURRENT_CHANGES');
    if (error instanceof WorkflowNotFoundError) {
      return (await workflowExists(number))
        ? closed(number)
        : new AppError('UNAVAILABLE', `ticket ${number} is still being created; try again`, {
            reason: 'NOT_STARTED',
            updateId,
          });
    }
    if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isUnavailable(error)) {
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
     * Sends an update and waits for its result, at most the update timeout. A caller that retries
     * after UNAVAILABLE passes the same `updateId`: the change is then applied once.
     */
    async update<Ret, Arg>(
      number: string,
      definition: UpdateDefinition<Ret, [Arg]>,
      arg: Arg,
      updateId: string = randomUUID(),
    ): Promise<Ret> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await withDeadline(() => handle(number).executeUpdate(definition, { args: [arg], updateId }));
        } catch (error) {
          const outcome = await classify(number, error, updateId);
          const unprocessed = outcome instanceof AppError && outcome.details.reason === 'UPDATE_NOT_PROCESSED';
          if (!unprocessed || attempt >= UNPROCESSED_RETRIES) throw outcome;
          await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
        }
      }
    },

    /**
     * What an update this ticket already took answered, found by its id: a retry after a lost answer
     * gets the first answer (or its refusal again). Undefined when the ticket has no update by that id.
     */
    async earlier<Ret>(number: string, updateId: string): Promise<{ answer: Ret } | undefined> {
      try {
        return { answer: await withDeadline(() => handle(number).getUpdateHandle<Ret>(updateId).result()) };
      } catch (error) {
        // No update by that id (the client calls the server's NOT_FOUND so): the ticket never took it.
        if (error instanceof WorkflowNotFoundError) return undefined;
        // A refusal again; or UNAVAILABLE when Temporal does not answer: whether it took it is unknown.
        throw await classify(number, error, updateId);
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

    /** The ticket once its workflow has started and projected what it did so far (`repair`: written
     * over the read model's row, whatever it held). */
    async synced(number: string, settled = false, repair = false): Promise<TicketSnapshot> {
      try {
        return await this.update(number, syncUpdate, { settled, ...(repair && { repair }) });
      } catch (error) {
        if (error instanceof AppError && error.details.reason === 'TICKET_CLOSED')
          return handle(number).query(snapshotQuery);
        throw error;
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
  return new AppError('REFUSED', `ticket ${number} is closed`, { reason: 'TICKET_CLOSED' });
}

function busy(number: string, reason: string): AppError {
  return new AppError('CONFLICT', `ticket ${number} is busy with other changes; try again`, { reason });
}

function isUnavailable(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    if (isGrpcServiceError(e) && (e.code === GRPC_UNAVAILABLE || e.code === GRPC_DEADLINE_EXCEEDED)) return true;
  }
  return false;
}
