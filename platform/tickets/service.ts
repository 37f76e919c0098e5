// Tickets as the API sees them: create (creation.ts), the changes that go through the ticket's workflow
// as updates, and reads from the read model. GraphQL resolvers and the CLI call this. Every check runs
// before anything is written; what a refused or failed change wrote is removed again. Every change's
// actor reaches the workflow with the groups they work in, which the engine checks against the ticket's.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { AppError } from '../errors.js';
import type { Db } from '../store/db.js';
import { parseInput } from '../validate.js';
import { createAttachmentStore, type AttachmentLimits, type Upload } from './attachments.js';
import { createChanges } from './changes.js';
import { createConfirmations } from './confirmations.js';
import { createTicketCreation } from './creation.js';
import { createReadModelRepair } from './read-model.js';
import { derivedId, personCaller, scopedKey } from './request-keys.js';
import {
  commentRequest,
  isRefusal,
  moveRequest,
  prepareFields,
  reassignRequest,
  setFieldsRequest,
  setPriorityRequest,
} from './requests.js';
import { createSignalDelivery } from './signal-delivery.js';
import * as store from './store.js';
import { createTicketWorkflows } from './ticket-workflows.js';
import {
  attachUpdate,
  commentUpdate,
  moveUpdate,
  reassignUpdate,
  setFieldsUpdate,
  setPriorityUpdate,
} from '../../workflows/ticket/messages.js';
import type { Person, TicketSnapshot } from '../../workflows/ticket/model.js';

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
  const workflows = createTicketWorkflows({ ...deps, confirmations: createConfirmations(db) });
  const changes = createChanges(db, workflows);
  const { change, member, refused } = changes;
  const readModel = createReadModelRepair(db, workflows);
  const attachments = createAttachmentStore(db, deps.dataDir, deps.attachments);

  async function definitionOf(ticket: { process_key: string; process_version: number }) {
    return (await store.getProcessVersion(db, ticket.process_key, ticket.process_version)).definition;
  }

  /** The key under which a change stores what it brings (texts, a comment): the same on every retry of
   * one request to one ticket, so a retry stores nothing twice; none for a request that cannot be retried. */
  const requestKey = (actor: Person, number: string, updateId: string | undefined) =>
    updateId === undefined ? undefined : `${scopedKey(personCaller(actor), updateId)}@${number}`;

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
        const key = requestKey(actor, number, request.updateId);
        const texts = await store.storeTexts(db, ticket.id, prepared.longTexts, actor.userId, key);
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

    /** A signal from `caller`, answered once per idempotency key (signal-delivery.ts). */
    signal: createSignalDelivery(db, workflows, changes),

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
      const key = requestKey(actor, number, request.updateId);
      const texts = await store.storeTexts(db, ticket.id, prepared.longTexts, actor.userId, key);
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
      const key = requestKey(actor, number, updateId);
      const commentId = key ? derivedId(key, 'comment') : randomUUID();
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

    /** Writes the ticket's workflow state over its row (read-model.ts): for operators and the sweep. */
    repair: readModel.repair,

    /** Checks rows marked as not yet stored by Temporal against their workflows (read-model.ts). */
    sweepReadModel: readModel.sweep,

    /** The ticket as the read model has it. */
    get: (number: string) => store.readTicket(db, number),

    /** The ticket as its workflow has it. */
    snapshot: (number: string) => workflows.snapshot(number),

    /** The answer of a move this ticket already took under the actor's `updateId`, if it took one (a
     * refusal is thrown again). */
    earlierMove: (number: string, actor: Person, attempt: object, updateId: string) =>
      changes.earlier<TicketSnapshot>(number, actor, 'move', attempt, updateId),

    /** Every event of the ticket and every refused change, in order. */
    async timeline(number: string) {
      return store.readTimeline(db, await store.findTicket(db, number));
    },
  };
}

export type TicketService = ReturnType<typeof createTicketService>;
