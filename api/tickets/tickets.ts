// Tickets as the API sees them: create (creation.ts), the changes that go through the ticket's workflow
// as updates, and reads from the read model. GraphQL resolvers and the CLI call this. Every check runs
// before anything is written; what a refused or failed change wrote is removed again. Every change's
// actor reaches the workflow with the groups they work in, which the engine checks against the ticket's.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { AppError } from '../../platform/errors.js';
import type { Db } from '../../platform/store/db.js';
import { parseInput } from '../../platform/validate.js';
import { isStaffRole } from '../../workflows/process/vocabulary.js';
import { groupKeysOf } from '../people/groups.js';
import { createAttachmentStore, type AttachmentLimits, type Upload } from './attachments.js';
import {
  commentRequest,
  isRefusal,
  moveRequest,
  prepareFields,
  preparePayload,
  reassignRequest,
  setFieldsRequest,
  setPriorityRequest,
  signalRequest,
} from './requests.js';
import * as store from './store.js';
import { createTicketWorkflows, Refused } from './ticket-workflows.js';
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
import type { Person, Refusal, TicketSnapshot } from '../../workflows/ticket/model.js';
import { createTicketCreation } from './creation.js';

/** How many update deadlines settle() waits through before it says the ticket did not answer. */
const SETTLE_ATTEMPTS = 6;

export type { CreatedTicket } from './creation.js';

export interface TicketServiceDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  /** Where attachment bytes live (DATA_DIR). */
  dataDir: string;
  /** What an attachment may be (MAX_ATTACHMENT_BYTES, ATTACHMENT_CONTENT_TYPES); defaults otherwise. */
  attachments?: AttachmentLimits;
  /** Events a ticket's workflow handles before it continues as new (TICKET_CONTINUE_AS_NEW_AFTER). */
  continueAsNewAfter?: number;
  /** The longest a caller waits for a change before UNAVAILABLE (default 10 s). */
  updateTimeoutMs?: number;
}

export function createTicketService(deps: TicketServiceDeps) {
  const { db } = deps;
  const workflows = createTicketWorkflows(deps);
  const attachments = createAttachmentStore(db, deps.dataDir, deps.attachments);

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

  /** The actor with the groups they work in (admins and systems need none; employees work in none). */
  async function member(actor: Person): Promise<Person> {
    if (actor.groups) return actor;
    const works = isStaffRole(actor.role) && actor.role !== 'ADMIN';
    return { ...actor, groups: works ? await groupKeysOf(db, actor.userId) : [] };
  }

  async function definitionOf(ticket: { process_key: string; process_version: number }) {
    return (await store.getProcessVersion(db, ticket.process_key, ticket.process_version)).definition;
  }

  return {
    ...createTicketCreation({ ...deps, workflows }),

    /** Waits until the ticket's queued actions have run and everything is in the read model. A busy
     * worker may take longer than one update's deadline: a sync changes nothing, so it is asked again. */
    async settle(number: string): Promise<TicketSnapshot> {
      await store.findTicket(db, number);
      for (let attempt = 1; ; attempt++) {
        try {
          return await workflows.synced(number, true);
        } catch (error) {
          const unknown = error instanceof AppError && error.details.reason === 'OUTCOME_UNKNOWN';
          if (!unknown || attempt === SETTLE_ATTEMPTS) throw error;
        }
      }
    },

    async move(number: string, by: Person, raw: unknown) {
      const actor = await member(by);
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

    /**
     * Refuses a move made against a version the read model has already passed (a board drop resolves its
     * transition from the ticket's current state, so a stale drop could not reach the workflow's check).
     */
    async refuseStaleMove(number: string, actor: Person, attempt: object, expected: number, current: number) {
      return refused(number, actor, 'move', attempt, {
        reason: 'STALE_VERSION',
        message: `ticket ${number} changed since version ${expected}: it is at version ${current}`,
        details: { expectedVersion: expected, currentVersion: current },
      });
    },

    /**
     * A signal, its payload texts stored in Postgres first (the workflow gets their ids). A refused or
     * failed signal leaves none behind; a redelivery, answered as a duplicate, removes its own copy, and
     * the delivery that took effect removes what earlier deliveries of the same event left.
     */
    async signal(number: string, raw: unknown): Promise<SignalOutcome> {
      const delivery = parseInput(signalRequest, raw);
      const ticket = await store.findTicket(db, number);
      const system: Person = { userId: `system:${delivery.source}`, role: 'ADMIN' };
      const attempt = { name: delivery.name, idempotencyKey: delivery.idempotencyKey };
      const def = await definitionOf(ticket);
      // An unknown signal is for the workflow to refuse; a payload that cannot fit any state, for us.
      const declared = def.signals?.find((s) => s.name === delivery.name);
      if (!declared) return change(number, system, 'signal', attempt, signalUpdate, delivery);
      const prepared = preparePayload(def, delivery.name, delivery.payload);
      if (isRefusal(prepared)) throw await refused(number, system, 'signal', attempt, prepared);
      const texts = await store.storeSignalTexts(db, ticket.id, delivery.idempotencyKey, prepared.texts);
      // No update id of our own: the workflow tells a redelivery by its idempotency key, and says so.
      const outcome = await change(
        number,
        system,
        'signal',
        attempt,
        signalUpdate,
        { ...delivery, payload: { ...prepared.payload, ...texts.payload } },
        { undo: () => store.deleteTexts(db, texts.ids) },
      );
      if (outcome.duplicate) await store.deleteTexts(db, texts.ids);
      else {
        const textKeys = (declared.payload ?? []).filter((p) => p.type === 'text' || p.type === 'longtext');
        await store.deleteOtherSignalTexts(
          db,
          ticket.id,
          delivery.idempotencyKey,
          textKeys.map((p) => p.key),
          texts.ids,
        );
      }
      return outcome;
    },

    async reassign(number: string, by: Person, raw: unknown) {
      const actor = await member(by);
      const { updateId, ...request } = parseInput(reassignRequest, raw);
      // The engine checks that the assignee works in the ticket's group: it gets their role and groups.
      const assignee = request.userId === null ? undefined : await store.findAssignee(db, request.userId);
      return change(
        number,
        actor,
        'reassign',
        { userId: request.userId },
        reassignUpdate,
        { actor, ...request, ...(assignee && { assignee }) },
        { updateId },
      );
    },

    async setFields(number: string, by: Person, raw: unknown) {
      const actor = await member(by);
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

    async setPriority(number: string, by: Person, raw: unknown) {
      const actor = await member(by);
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

    async comment(number: string, by: Person, raw: unknown) {
      const actor = await member(by);
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
    async attach(number: string, by: Person, file: Upload) {
      const actor = await member(by);
      const ticket = await store.findTicket(db, number);
      const stored = await attachments.store(ticket.id, file, actor.userId);
      const snapshot = await change(
        number,
        actor,
        'attach',
        { attachmentId: stored.id },
        attachUpdate,
        { actor, attachmentId: stored.id },
        { undo: () => attachments.remove(stored.id) },
      );
      return { attachment: stored, ticket: snapshot };
    },

    /** What an attachment may be, and where the bytes of a stored one are. */
    attachments: { limits: attachments.limits, path: attachments.path },

    /**
     * Writes the ticket's workflow state over its row and drops timeline events beyond it: a projection
     * of a workflow task the Temporal server then lost shows a change the workflow does not have, and
     * when no caller sends that change again, no later event of the ticket may come to replace it.
     */
    async repair(number: string): Promise<TicketSnapshot> {
      await store.findTicket(db, number);
      return workflows.synced(number, false, true);
    },

    /** The ticket as the read model has it. */
    get: (number: string) => store.readTicket(db, number),

    /** The ticket as its workflow has it. */
    snapshot: (number: string) => workflows.snapshot(number),

    /** The answer of a move this ticket already took under `updateId`, if it took one (a refusal is thrown again). */
    async earlierMove(number: string, actor: Person, attempt: object, updateId: string) {
      try {
        return (await workflows.earlier<TicketSnapshot>(number, updateId))?.answer;
      } catch (error) {
        if (!(error instanceof Refused)) throw error;
        throw await refused(number, actor, 'move', attempt, {
          reason: error.reason,
          message: error.message,
          details: error.details,
        });
      }
    },

    /** Every event of the ticket and every refused change, in order. */
    async timeline(number: string) {
      return store.readTimeline(db, await store.findTicket(db, number));
    },
  };
}

export type TicketService = ReturnType<typeof createTicketService>;
