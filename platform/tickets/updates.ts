// The changes a person makes to a ticket they may see (access.ts), each through the ticket's workflow as
// an update (changes.ts): a move, an assignment, fields, the priority, a comment, an attachment. What
// a change brings beyond the update (long texts, a comment's body, a file) is stored first, under ids
// derived from the caller's update id, and removed again when the change did not take effect.
import { randomUUID } from 'node:crypto';
import type { Db } from '../store/db.js';
import { parseInput } from '../validate.js';
import {
  attachUpdate,
  commentUpdate,
  moveUpdate,
  reassignUpdate,
  setFieldsUpdate,
  setPriorityUpdate,
} from '../../workflows/ticket/messages.js';
import type { Person, Refusal, TicketSnapshot } from '../../workflows/ticket/model.js';
import { withGroups } from './access.js';
import type { AttachmentStore, Upload } from './attachments.js';
import type { Changes } from './changes.js';
import { mentionedStaff } from './mentions.js';
import { findVisibleTicket } from './queries.js';
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
import * as store from './store.js';

/** A ticket's row as a person may see it (findVisibleTicket). */
type VisibleTicket = Awaited<ReturnType<typeof findVisibleTicket>>;

export function createTicketUpdates(db: Db, changes: Changes, attachments: AttachmentStore) {
  const { change, refused } = changes;

  async function definitionOf(ticket: { process_key: string; process_version: number }) {
    return (await store.getProcessVersion(db, ticket.process_key, ticket.process_version)).definition;
  }

  /** The ticket, if the person may see it (NOT_FOUND otherwise, as if it did not exist; `seen` when the
   * caller has just read it for them), and the person with the groups they work in, which the engine
   * checks against the ticket's. */
  async function reach(number: string, by: Person, seen?: VisibleTicket) {
    const [ticket, actor] = await Promise.all([seen ?? findVisibleTicket(db, by, number), withGroups(db, by)]);
    return { ticket, actor };
  }

  /** The key under which a change stores what it brings (texts, a comment): the same on every retry of
   * one request to one ticket, so a retry stores nothing twice; none for a request that cannot be retried. */
  const requestKey = (actor: Person, number: string, updateId: string | undefined) =>
    updateId === undefined ? undefined : `${scopedKey(personCaller(actor), updateId)}@${number}`;

  return {
    /** `seen`: the ticket's row as `by` may see it, when the caller has just read it (a board drop
     * finds its transition with it), so that it is not read twice. */
    async move(number: string, by: Person, raw: unknown, seen?: VisibleTicket) {
      const { actor, ticket } = await reach(number, by, seen?.number === number ? seen : undefined);
      const request = parseInput(moveRequest, raw);
      const attempt = { transition: request.transition };
      // Most moves carry no fields: only those need the ticket's row and definition.
      let fields = {};
      let textIds: string[] = [];
      if (request.fields) {
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

    /**
     * Records a move the caller's view of the ticket already refused (a board drop onto a column no
     * transition leads to from the ticket's state), as the workflow's own refusals are, and returns it.
     */
    async refuseMove(number: string, actor: Person, attempt: object, refusal: Refusal) {
      return refused(number, actor, 'move', attempt, refusal);
    },

    async reassign(number: string, by: Person, raw: unknown) {
      const { actor } = await reach(number, by);
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
      const { actor, ticket } = await reach(number, by);
      const request = parseInput(setFieldsRequest, raw);
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
      const { actor } = await reach(number, by);
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
      const { actor, ticket } = await reach(number, by);
      const { body, visibility, updateId } = parseInput(commentRequest, raw);
      const key = requestKey(actor, number, updateId);
      const commentId = key ? derivedId(key, 'comment') : randomUUID();
      // Only internal notes mention (and notify) staff; the workflow sends the notices (mention-notifications).
      const mentions = visibility === 'internal' ? await mentionedStaff(db, ticket, body, actor.userId) : [];
      await store.insertComment(db, {
        id: commentId,
        ticketId: ticket.id,
        authorId: actor.userId,
        visibility,
        body,
        mentionIds: mentions,
      });
      return change(
        number,
        actor,
        'comment',
        { visibility },
        commentUpdate,
        { actor, commentId, visibility, ...(mentions.length > 0 && { mentions }) },
        {
          updateId,
          undo: () => store.deleteComment(db, commentId),
        },
      );
    },

    /** Stores the file, then records it on the ticket; a refused attachment leaves nothing behind. */
    async attach(number: string, by: Person, file: Upload) {
      const { actor, ticket } = await reach(number, by);
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

    /** The answer of a move this ticket already took under the actor's `updateId`, if it took one (a
     * refusal is thrown again). */
    earlierMove: (number: string, actor: Person, attempt: object, updateId: string) =>
      changes.earlier<TicketSnapshot>(number, actor, 'move', attempt, updateId),
  };
}
