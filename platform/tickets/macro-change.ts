// A macro applied to a ticket, and a canned reply filled for one: the ticket service's part of canned
// replies and macros (platform/macros/ keeps them). A macro goes to the ticket's workflow as one update
// (workflows/ticket/macro.ts): its reply, field values, priority and transition all take effect or none
// does. As a comment does (updates.ts), its reply and long texts are stored first, under ids derived
// from the caller's update id (a retry stores nothing twice), and removed again when it was refused.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../store/db.js';
import { invalidProblems, parseInput } from '../validate.js';
import { requireStaff } from '../people/roles.js';
import { fillFor } from '../macros/fill.js';
import { createMacroService } from '../macros/service.js';
import { macroUpdate } from '../../workflows/ticket/messages.js';
import { refusalOf } from '../../workflows/ticket/macro.js';
import type { MacroRequest, Person, TicketSnapshot } from '../../workflows/ticket/model.js';
import type { Priority } from '../../workflows/process/definition.js';
import { withGroups } from './access.js';
import type { Changes } from './changes.js';
import { mentionedStaff } from './mentions.js';
import { findVisibleTicket } from './queries.js';
import { derivedId, personCaller, scopedKey } from './request-keys.js';
import { isRefusal, prepareFields } from './requests.js';
import * as store from './store.js';

const applyRequest = z.object({
  macro: z.string().min(1).max(200),
  expectedVersion: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .optional(),
  updateId: z.string().min(1).max(200).optional(),
});

export function createMacroChange(db: Db, changes: Changes) {
  const macros = createMacroService(db);

  /** The ticket as staff may see it (NOT_FOUND otherwise) and the macro, one they may use on it. */
  async function reach(number: string, by: Person, macro: string) {
    requireStaff(by, 'use canned replies and macros');
    const [ticket, actor] = await Promise.all([findVisibleTicket(db, by, number), withGroups(db, by)]);
    return { ticket, actor, row: await macros.forTicket(by, ticket, macro) };
  }

  return {
    /** A canned reply's (or a macro's reply's) text filled for the ticket, for readers of `visibility`
     * (by default the macro's own, else public: the requester's view of the fields). */
    async fillReply(number: string, by: Person, macro: string, visibility?: 'public' | 'internal') {
      const { ticket, row } = await reach(number, by, macro);
      return fillFor(db, ticket, row.body, by, visibility ?? row.reply_visibility ?? 'public');
    },

    /** Applies a macro as one update; a refusal names its part (`details.part`) and leaves nothing. */
    async applyMacro(number: string, by: Person, raw: { macro: string; expectedVersion?: number; updateId?: string }) {
      const { macro, expectedVersion, updateId } = parseInput(applyRequest, raw);
      const { ticket, actor, row } = await reach(number, by, macro);
      if (row.kind !== 'macro')
        throw invalidProblems([{ path: 'macro', message: `“${row.name}” is a canned reply: insert it into a reply` }]);
      const attempt = { macro: row.id, name: row.name };
      const key = updateId === undefined ? undefined : `${scopedKey(personCaller(actor), updateId)}@${number}`;
      const request: MacroRequest = {
        actor,
        name: row.name,
        ...(expectedVersion !== undefined && { expectedVersion }),
      };
      if (row.priority) request.priority = row.priority as Priority;
      if (row.transition) request.transition = row.transition;

      let textIds: string[] = [];
      if (Object.keys(row.fields).length > 0) {
        const { definition } = await store.getProcessVersion(db, ticket.process_key, ticket.process_version);
        const prepared = prepareFields(definition, row.fields);
        if (isRefusal(prepared))
          throw await changes.refused(number, actor, 'macro', attempt, refusalOf(row.name, 'fields', prepared));
        const texts = await store.storeTexts(db, ticket.id, prepared.longTexts, actor.userId, key);
        request.fields = { ...prepared.fields, ...texts.fields };
        textIds = texts.ids;
      }
      let commentId: string | undefined;
      if (row.body.trim() !== '') {
        const visibility = row.reply_visibility ?? 'public';
        const body = await fillFor(db, ticket, row.body, actor, visibility);
        commentId = key ? derivedId(key, 'macro-reply') : randomUUID();
        const mentions = visibility === 'internal' ? await mentionedStaff(db, ticket, body, actor.userId) : [];
        await store.insertComment(db, {
          id: commentId,
          ticketId: ticket.id,
          authorId: actor.userId,
          visibility,
          body,
          mentionIds: mentions,
        });
        request.reply = { commentId, visibility, ...(mentions.length > 0 && { mentions }) };
      }
      const undo = async () => {
        if (commentId) await store.deleteComment(db, commentId);
        await store.deleteTexts(db, textIds);
      };
      return changes.change<TicketSnapshot, MacroRequest>(number, actor, 'macro', attempt, macroUpdate, request, {
        updateId,
        undo,
      });
    },
  };
}
