// What a public comment does beyond the timeline: the requester's reply takes the transition its
// state's `onRequesterReply` names (a reply while waiting on the requester takes the ticket back to
// work), and the first reply by staff working the ticket stops the SLA clocks that measure first
// response (`stopOnStaffReply`). Pure, a part of the interpreter; each rule applies only to tickets
// whose workflow took its patch (the flags on TicketState).
import type { Person } from './model.js';
import { isRequester, transitionOf, worksOn } from './checks.js';
import { stopClocksOnStaffReply } from './sla.js';
import type { Step } from './step.js';

/** Applies the rules of a public comment `commentId` by `author`, after its `commented` event. */
export function publicReply(step: Step, author: Person, commentId: string): void {
  const { state } = step;
  if (isRequester(state, author)) {
    if (state.requesterReplies) takeReplyTransition(step, author, commentId);
    return;
  }
  if (worksOn(state, author) && state.slaStaffReplies) stopClocksOnStaffReply(step, commentId);
}

/** The requester's reply takes its state's `onRequesterReply` transition, as the requester. Validation
 * (validate.ts) makes sure it leaves the state, admits the requester and requires no fields; a
 * definition that slipped past it (published unchecked) moves nothing rather than break a rule. */
function takeReplyTransition(step: Step, author: Person, commentId: string): void {
  const { state, def } = step;
  const key = def.states.find((s) => s.key === state.state)?.onRequesterReply;
  const t = key === undefined ? undefined : transitionOf(def, key);
  if (!t || !t.from.includes(state.state) || !t.by.includes('requester')) return;
  if ((t.requires ?? []).some((f) => state.fields[f] === undefined || state.fields[f] === '')) return;
  step.take(t, { kind: 'person', userId: author.userId, role: author.role }, false, commentId);
}
