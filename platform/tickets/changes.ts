// One change to a ticket, as every entry point makes it: the actor with the groups they work in, the
// update sent under the caller's scoped id, a refusal recorded in the audit log, and whatever the change
// stored beforehand removed again when it did not take effect.
import type { UpdateDefinition } from '@temporalio/common';
import { AppError, RefusedError } from '../errors.js';
import type { Db } from '../store/db.js';
import type { Person, Refusal } from '../../workflows/ticket/model.js';
import { withGroups } from './access.js';
import { type Caller, personCaller, scopedKey } from './request-keys.js';
import * as store from './store.js';
import { Refused, type TicketWorkflows } from './ticket-workflows.js';

export interface ChangeOptions {
  /** The caller's update id (a retry sends it again); one is made when absent. */
  updateId?: string;
  /** Who the update id belongs to: the actor, unless a system sends on someone's behalf. */
  caller?: Caller;
  /** Removes what the change stored beforehand, when it surely did not take effect. */
  undo?: () => Promise<void>;
}

export function createChanges(db: Db, workflows: TicketWorkflows) {
  /** The refusal as the caller sees it, after the audit log recorded it (the timeline shows it). */
  async function refused(number: string, actor: Person, action: string, attempt: object, refusal: Refusal) {
    await store.recordRefusal(db, {
      actor: actor.userId,
      action,
      number,
      details: { ...attempt, reason: refusal.reason, message: refusal.message },
    });
    return new RefusedError(refusal.reason, refusal.message, refusal.details);
  }

  /** An engine refusal thrown as the caller's typed error, recorded; anything else as it is. */
  async function rethrow(error: unknown, number: string, actor: Person, action: string, attempt: object) {
    if (!(error instanceof Refused)) return error;
    return refused(number, actor, action, attempt, {
      reason: error.reason,
      message: error.message,
      details: error.details,
    });
  }

  /** The update id in Temporal for a caller's own: scoped to the caller (request-keys.ts). */
  const updateIdOf = (actor: Person, updateId: string | undefined, caller?: Caller) =>
    updateId === undefined ? undefined : scopedKey(caller ?? personCaller(actor), updateId);

  return {
    refused,

    /** The actor with the groups they work in (access.ts). */
    member: (actor: Person) => withGroups(db, actor),

    /** One change through the ticket's workflow (see the header). */
    async change<Ret, Arg>(
      number: string,
      actor: Person,
      action: string,
      attempt: object,
      update: UpdateDefinition<Ret, [Arg]>,
      arg: Arg,
      options: ChangeOptions = {},
    ): Promise<Ret> {
      const scoped = updateIdOf(actor, options.updateId, options.caller);
      try {
        return await workflows.update(number, update, arg, scoped, options.updateId);
      } catch (error) {
        // No workflow: a ticket still being created, or (NOT_FOUND from here) no ticket at all. Looked
        // up only now, so that a change to a ticket that exists costs no read of it.
        if (error instanceof AppError && error.details.reason === 'NOT_STARTED') await store.findTicket(db, number);
        // With the outcome unknown, the change may still apply: what it refers to must stay.
        const unknown = error instanceof AppError && error.code === 'UNAVAILABLE';
        if (!unknown) await options.undo?.();
        throw await rethrow(error, number, actor, action, attempt);
      }
    },

    /** The answer of an update this ticket already took under the caller's `updateId`, if it took one
     * (a refusal is thrown again). */
    async earlier<Ret>(number: string, actor: Person, action: string, attempt: object, updateId: string) {
      try {
        return (await workflows.earlier<Ret>(number, updateIdOf(actor, updateId)!, updateId))?.answer;
      } catch (error) {
        throw await rethrow(error, number, actor, action, attempt);
      }
    },
  };
}

export type Changes = ReturnType<typeof createChanges>;
