// Tickets as the API sees them: create (Postgres row, then workflow), the changes that go through the
// ticket's workflow as updates, and reads from the read model. GraphQL resolvers and the CLI call this.
// Every check runs before anything is written; what a refused or failed change wrote is removed again.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { AppError, isUniqueViolation } from '../../platform/errors.js';
import type { Db } from '../../platform/store/db.js';
import type { StoredStartInput } from '../../platform/store/schema.js';
import { parseInput } from '../../platform/validate.js';
import { latestVersion } from '../processes/processes.js';
import { removeAttachment, storeAttachment, type Upload } from './attachments.js';
import {
  commentRequest,
  createRequest,
  isRefusal,
  moveRequest,
  prepareFields,
  reassignRequest,
  setFieldsRequest,
  setPriorityRequest,
  signalRequest,
  type CreateTicketRequest,
} from './requests.js';
import * as store from './store.js';
import { createTicketWorkflows, Refused } from './ticket-workflows.js';
import { checkPayload } from '../../workflows/ticket/checks.js';
import {
  attachUpdate,
  commentUpdate,
  moveUpdate,
  reassignUpdate,
  setFieldsUpdate,
  setPriorityUpdate,
  signalUpdate,
  type SignalOutcome,
} from '../../workflows/ticket/messages.js';
import type { Actor, Person, Refusal, TicketSnapshot } from '../../workflows/ticket/model.js';

type SystemActor = Extract<Actor, { kind: 'system' }>;

export type { CreateTicketRequest as CreateTicketInput } from './requests.js';

export interface TicketServiceDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  /** Where attachment bytes live (DATA_DIR). */
  dataDir: string;
  /** Events a ticket's workflow handles before it continues as new (TICKET_CONTINUE_AS_NEW_AFTER). */
  continueAsNewAfter?: number;
  /** The longest a caller waits for a change before UNAVAILABLE (default 10 s). */
  updateTimeoutMs?: number;
}

export interface CreatedTicket {
  id: string;
  ticket: TicketSnapshot;
}

/** How long a create that found its ticket already created waits for that ticket's workflow to start. */
const START_WAIT_MS = 10_000;

export function createTicketService(deps: TicketServiceDeps) {
  const { db } = deps;
  const workflows = createTicketWorkflows(deps);

  /** The refusal as the caller sees it, after the audit log recorded it (the timeline shows it). */
  async function refused(number: string, actor: Person, action: string, attempt: object, refusal: Refusal) {
    await store.recordRefusal(db, {
      actor: actor.userId,
      action,
      number,
      details: { ...attempt, reason: refusal.reason, message: refusal.message },
    });
    const code = refusal.reason === 'STALE_VERSION' ? 'CONFLICT' : 'REFUSED';
    return new AppError(code, refusal.message, { reason: refusal.reason, ...refusal.details });
  }

  /**
   * One change through the ticket's workflow: the update, its refusal recorded, and `undo` run for
   * whatever the change wrote beforehand when it did not take effect (refused, or failed for sure).
   */
  async function change<Ret, Arg>(
    number: string,
    actor: Person,
    action: string,
    attempt: object,
    update: UpdateDefinition<Ret, [Arg]>,
    arg: Arg,
    options: { updateId?: string; undo?: () => Promise<void> } = {},
  ): Promise<Ret> {
    try {
      return await workflows.update(number, update, arg, options.updateId);
    } catch (error) {
      // No workflow: a ticket still being created, or (NOT_FOUND from here) no ticket at all. Looked
      // up only now, so that a change to a ticket that exists costs no read of it.
      if (error instanceof AppError && error.details.reason === 'NOT_STARTED') await store.findTicket(db, number);
      // With the outcome unknown, the change may still apply: what it refers to must stay.
      const unknown = error instanceof AppError && error.code === 'UNAVAILABLE';
      if (!unknown) await options.undo?.();
      if (error instanceof Refused)
        throw await refused(number, actor, action, attempt, {
          reason: error.reason,
          message: error.message,
          details: error.details,
        });
      throw error;
    }
  }

  async function definitionOf(ticket: { process_key: string; process_version: number }) {
    return (await store.getProcessVersion(db, ticket.process_key, ticket.process_version)).definition;
  }

  async function start(input: StoredStartInput): Promise<TicketSnapshot> {
    const process = await store.getProcessVersion(db, input.process.key, input.process.version);
    const snapshot = await workflows.start({
      ...input,
      process,
      ...(deps.continueAsNewAfter && { continueAsNewAfter: deps.continueAsNewAfter }),
    });
    await store.markStarted(db, input.ticketId);
    return snapshot;
  }

  /** A create retried with its idempotency key: the ticket, once the first create started it. */
  async function existing(found: { id: string; number: string }): Promise<CreatedTicket> {
    const deadline = Date.now() + START_WAIT_MS;
    for (;;) {
      try {
        return { id: found.id, ticket: await workflows.synced(found.number) };
      } catch (error) {
        const notStarted = error instanceof AppError && error.details.reason === 'NOT_STARTED';
        if (!notStarted || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  return {
    /** Waits until the ticket's queued actions have run and everything is in the read model. */
    async settle(number: string): Promise<TicketSnapshot> {
      await store.findTicket(db, number);
      return workflows.synced(number, true);
    },

    /** `by`: the person submitting, or an external system (`{ kind: 'system', cause }`). */
    async create(raw: CreateTicketRequest, by: Person | SystemActor): Promise<CreatedTicket> {
      const actor: Actor = 'kind' in by ? by : { kind: 'person', userId: by.userId, role: by.role };
      const input = parseInput(createRequest, raw);
      const process = await latestVersion(db, input.process);
      const def = process.definition;
      const missing = def.fields.filter((f) => f.required && isBlank(input.fields[f.key])).map((f) => f.key);
      if (missing.length > 0)
        throw new AppError('VALIDATION', `required fields missing: ${missing.join(', ')}`, { fields: missing });
      const prepared = prepareFields(def, input.fields);
      if (isRefusal(prepared)) throw new AppError('VALIDATION', prepared.message, prepared.details);

      const found = await store.findTicketByIdempotencyKey(db, input.idempotencyKey);
      if (found) return existing(found);
      let inserted: StoredStartInput;
      try {
        inserted = await store.insertTicket(db, { ...input, ...prepared, process, actor });
      } catch (error) {
        const raced = isUniqueViolation(error) && (await store.findTicketByIdempotencyKey(db, input.idempotencyKey));
        if (raced) return existing(raced);
        throw error;
      }
      // Should this fail or the process die now, the reconciler starts the workflow from the row.
      return { id: inserted.ticketId, ticket: await start(inserted) };
    },

    /** Starts the workflows of tickets whose create stopped between the row and the workflow. */
    async reconcile(olderThanMs = 30_000): Promise<string[]> {
      const finished: string[] = [];
      for (const row of await store.listUnstartedTickets(db, new Date(Date.now() - olderThanMs))) {
        await start(row.start_input!);
        finished.push(row.number);
      }
      return finished;
    },

    async move(number: string, actor: Person, raw: unknown) {
      const request = parseInput(moveRequest, raw);
      const attempt = { transition: request.transition };
      // Most moves carry no fields: only those need the ticket's row and definition.
      let fields = {};
      let textIds: string[] = [];
      if (request.fields) {
        const ticket = await store.findTicket(db, number);
        const prepared = prepareFields(await definitionOf(ticket), request.fields);
        if (isRefusal(prepared)) throw await refused(number, actor, 'move', attempt, prepared);
        const texts = await store.storeTexts(db, ticket.id, prepared.longTexts, actor.userId);
        fields = { ...prepared.fields, ...texts.fields };
        textIds = texts.ids;
      }
      const { transition, expectedVersion, updateId } = request;
      return change(
        number,
        actor,
        'move',
        attempt,
        moveUpdate,
        { actor, transition, fields, expectedVersion },
        { updateId, undo: () => store.deleteTexts(db, textIds) },
      );
    },

    async signal(number: string, raw: unknown): Promise<SignalOutcome> {
      const delivery = parseInput(signalRequest, raw);
      const ticket = await store.findTicket(db, number);
      const system: Person = { userId: `system:${delivery.source}`, role: 'ADMIN' };
      const attempt = { name: delivery.name, idempotencyKey: delivery.idempotencyKey };
      const def = await definitionOf(ticket);
      // An unknown signal is for the workflow to refuse; a payload that cannot fit any state, for us.
      const invalid = def.signals?.some((s) => s.name === delivery.name)
        ? checkPayload(def, delivery.name, delivery.payload)
        : undefined;
      if (invalid) throw await refused(number, system, 'signal', attempt, invalid);
      // No update id of our own: the workflow tells a redelivery by its idempotency key, and says so.
      return change(number, system, 'signal', attempt, signalUpdate, delivery);
    },

    async reassign(number: string, actor: Person, raw: unknown) {
      const { updateId, ...request } = parseInput(reassignRequest, raw);
      return change(
        number,
        actor,
        'reassign',
        { userId: request.userId },
        reassignUpdate,
        {
          actor,
          ...request,
        },
        { updateId },
      );
    },

    async setFields(number: string, actor: Person, raw: unknown) {
      const request = parseInput(setFieldsRequest, raw);
      const ticket = await store.findTicket(db, number);
      const attempt = { fields: Object.keys(request.fields).slice(0, 100) };
      const prepared = prepareFields(await definitionOf(ticket), request.fields);
      if (isRefusal(prepared)) throw await refused(number, actor, 'set_fields', attempt, prepared);
      const texts = await store.storeTexts(db, ticket.id, prepared.longTexts, actor.userId);
      const { expectedVersion, updateId } = request;
      return change(
        number,
        actor,
        'set_fields',
        attempt,
        setFieldsUpdate,
        {
          actor,
          fields: { ...prepared.fields, ...texts.fields },
          expectedVersion,
        },
        { updateId, undo: () => store.deleteTexts(db, texts.ids) },
      );
    },

    async setPriority(number: string, actor: Person, raw: unknown) {
      const { updateId, ...request } = parseInput(setPriorityRequest, raw);
      return change(
        number,
        actor,
        'set_priority',
        { priority: request.priority },
        setPriorityUpdate,
        {
          actor,
          ...request,
        },
        { updateId },
      );
    },

    async comment(number: string, actor: Person, raw: unknown) {
      const { body, visibility, updateId } = parseInput(commentRequest, raw);
      const ticket = await store.findTicket(db, number);
      const commentId = randomUUID();
      await store.insertComment(db, { id: commentId, ticketId: ticket.id, authorId: actor.userId, visibility, body });
      return change(
        number,
        actor,
        'comment',
        { visibility },
        commentUpdate,
        { actor, commentId, visibility },
        {
          updateId,
          undo: () => store.deleteComment(db, commentId),
        },
      );
    },

    /** Stores the file, then records it on the ticket; a refused attachment leaves nothing behind. */
    async attach(number: string, actor: Person, file: Upload) {
      const ticket = await store.findTicket(db, number);
      const stored = await storeAttachment(db, deps.dataDir, ticket.id, file, actor.userId);
      const snapshot = await change(
        number,
        actor,
        'attach',
        { attachmentId: stored.id },
        attachUpdate,
        { actor, attachmentId: stored.id },
        { undo: () => removeAttachment(db, deps.dataDir, stored.id) },
      );
      return { attachment: stored, ticket: snapshot };
    },

    /** The ticket as the read model has it. */
    get: (number: string) => store.readTicket(db, number),

    /** The ticket as its workflow has it. */
    snapshot: (number: string) => workflows.snapshot(number),

    /** Every event of the ticket and every refused change, in order. */
    async timeline(number: string) {
      return store.readTimeline(db, await store.findTicket(db, number));
    },
  };
}

export type TicketService = ReturnType<typeof createTicketService>;

const isBlank = (value: unknown) => value === undefined || value === null || value === '';
