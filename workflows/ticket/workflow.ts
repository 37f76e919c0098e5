// The ticket workflow: a thin shell around the interpreter. It feeds it inputs (updates from people and
// systems, timers, activity results), keeps the read model current through the projection activity,
// runs actions as activities, and continues as new before its history grows large.
import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  currentUpdateInfo,
  isCancellation,
  log,
  patched,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { ticketSearchAttributes } from '../search-attributes.js';
import { runAction } from './actions.js';
import { isSideEffect, JIRA_COMMENT_MIRROR, runCommentMirror, runSideEffect, VendorQueues } from './effects.js';
import { OrderWatch } from './order-watch.js';
import { Projection } from './projection.js';
import { apply, check, exceedsAutomaticSteps, isFinished, newTicket, nextDeadline, snapshot } from './interpreter.js';
import { setChangeHandlers } from './change-handlers.js';
import { macroComment } from './macro.js';
import { appliedUpdateQuery, projectedQuery, signalUpdate, snapshotQuery, syncUpdate } from './messages.js';
import type {
  Input,
  Refusal,
  RunAction,
  TicketSnapshot,
  TicketState,
  TicketWorkflowInput,
  TimelineEvent,
} from './model.js';

/** Before it, a create's sync update could answer before the ticket's start was projected. */
const START_BEFORE_HANDLERS = 'start-before-handlers';
/** Runs of automatic transitions stop at MAX_AUTOMATIC_STEPS; earlier histories took every one. */
const AUTOMATION_GUARD = 'automation-guard';
/** The run continues as new between two queued actions; earlier histories ran the whole queue first. */
const CONTINUE_WITH_PENDING = 'continue-as-new-with-pending-actions';
/** A stopped SLA clock starts a new cycle on re-entering a startOn state; earlier runs kept it stopped. */
const SLA_CYCLES = 'sla-cycles';
/** Search attributes limited to process, category and group; earlier runs upserted state, assignee and priority too. */
const FEW_SEARCH_ATTRIBUTES = 'few-search-attributes';
/** Long signal payload texts arrive stored, by id, and inline ones are refused; earlier runs took them inline. */
const SIGNAL_TEXTS_STORED = 'signal-texts-stored';
/** Notify and integration actions run as activities beside the process; earlier runs skipped them at once. */
const SIDE_EFFECTS = 'side-effects-in-background';
/** The process's notification rules queue notify actions on timeline events; earlier runs had none. */
const NOTIFICATION_RULES = 'notification-rules';
/** A requester's public comment takes its state's onRequesterReply transition; earlier runs only recorded it. */
const REQUESTER_REPLY_MOVES = 'requester-reply-moves';
/** Staff's first public reply stops stopOnStaffReply SLA clocks; earlier runs stopped clocks by state only. */
const SLA_STOP_ON_STAFF_REPLY = 'sla-stop-on-staff-reply';
/** The staff an internal note mentions get a notice in their notification centre; earlier runs sent none. */
const MENTION_NOTIFICATIONS = 'mention-notifications';
/** Fields are set only by those their definition's editableBy names; earlier runs took any field from
 * anyone who may change the ticket. */
const STAFF_ONLY_FIELDS = 'staff-only-fields';
const DEFAULT_CONTINUE_AS_NEW_AFTER = 500;
/** Past its cap, a run continues as new once the ticket has been quiet for QUIET_MS (changes arriving
 * while a run closes would wait for the next one), between two queued actions (nobody waits on those),
 * or at BUSY_CAP inputs whatever comes; earlier runs continued at the cap at once. */
const QUIET_CONTINUE = 'continue-as-new-when-quiet';
const QUIET_MS = 1000;
const BUSY_CAP = 500;
/** How many update ids a ticket remembers: Temporal dedupes a retried update within a run only. A
 * retry comes within seconds, so 100 is plenty; runs from before carried 1,000 (21.6 KB per start). */
const UPDATE_MEMORY = 100;
const OLD_UPDATE_MEMORY = 1000;
const SHORT_UPDATE_MEMORY = 'short-update-memory';

export async function ticketWorkflow(input: TicketWorkflowInput): Promise<TicketSnapshot> {
  const def = input.process.definition;
  let state: TicketState = input.carried?.state ?? newTicket(input);
  // Decided once, before the run's first input; the state carries it into later runs.
  if (!state.slaCycles && patched(SLA_CYCLES)) state = { ...state, slaCycles: true };
  if (!state.signalTextsStored && patched(SIGNAL_TEXTS_STORED)) state = { ...state, signalTextsStored: true };
  if (!state.notificationRules && patched(NOTIFICATION_RULES)) state = { ...state, notificationRules: true };
  if (!state.requesterReplies && patched(REQUESTER_REPLY_MOVES)) state = { ...state, requesterReplies: true };
  if (!state.slaStaffReplies && patched(SLA_STOP_ON_STAFF_REPLY)) state = { ...state, slaStaffReplies: true };
  if (!state.staffOnlyFields && patched(STAFF_ONLY_FIELDS)) state = { ...state, staffOnlyFields: true };
  const pending: RunAction[] = [...(input.carried?.pending ?? [])];
  const outbox: TimelineEvent[] = [];
  const projection = new Projection(def, state);
  let runningAction = false;
  /** Side effects started and not yet recorded: the run neither ends nor continues as new before they are. */
  let effectsInFlight = 0;
  let handled = 0;
  /** When the run last handled an input: it continues as new only after QUIET_MS without one. */
  let lastInputAt = Date.now();
  const logged = () => ({ ticket: state.number, state: state.state });

  function dispatch(event: Input): ReturnType<typeof apply> {
    const outcome = apply(def, state, event);
    if (outcome.refusal) return outcome;
    state = outcome.state;
    outbox.push(...outcome.events);
    pending.push(...outcome.actions);
    handled += 1;
    lastInputAt = now();
    // A macro's reply is a comment like any other: mirrored and its mentions told.
    const comment = macroComment(event);
    if (comment) {
      mirrorPublicComment(comment);
      notifyMentioned(comment);
    }
    return outcome;
  }

  /** The staff an internal note mentions are told, by a notify action beside the process like any other. */
  function notifyMentioned(comment: Extract<Input, { type: 'comment' }>): void {
    if (!comment.mentions?.length || !patched(MENTION_NOTIFICATIONS)) return;
    pending.push({
      action: { kind: 'notify', to: [], channels: ['push'], template: 'mentioned' },
      entry: 0,
      origin: `mention:${comment.commentId}`,
      actor: comment.actor.userId,
      mentioned: comment.mentions,
    });
  }

  /** A public comment on a ticket with a Jira issue goes onto the issue too, beside the process. */
  function mirrorPublicComment(comment: Extract<Input, { type: 'comment' }>): void {
    if (comment.visibility !== 'public' || !state.jiraIssue || !patched(JIRA_COMMENT_MIRROR)) return;
    effectsInFlight += 1;
    void runCommentMirror(state, comment.commentId).then((result) => {
      effectsInFlight -= 1;
      dispatch(result);
    });
  }

  /** Turns a refusal into the typed failure the caller sees; validators throw it before any history is written. */
  const refuse = (refusal: Refusal | undefined) => {
    if (refusal) {
      throw ApplicationFailure.create({
        type: refusal.reason,
        message: refusal.message,
        details: [refusal.details ?? {}],
        nonRetryable: true,
      });
    }
  };
  // A client that retries an update after the run continued as new reuses its update id: apply it once.
  const updateMemory = patched(SHORT_UPDATE_MEMORY) ? UPDATE_MEMORY : OLD_UPDATE_MEMORY;
  const appliedUpdates: string[] = [...(input.carried?.updateIds ?? [])].slice(-updateMemory);
  const alreadyApplied = () => appliedUpdates.includes(currentUpdateInfo()?.id ?? '');
  /** Remembers an applied update, and marks what its task projects as not yet stored (see Projection). */
  const remember = (changed = true) => {
    const id = currentUpdateInfo()?.id;
    if (!id) return;
    appliedUpdates.push(id);
    if (appliedUpdates.length > updateMemory) appliedUpdates.shift();
    if (changed) projection.tookUpdate(id);
  };
  const validate = (event: Input) => {
    if (!alreadyApplied()) refuse(check(def, state, event));
  };
  const projected = async () => {
    const target = state.seq;
    await condition(() => projection.has(target));
    return snapshot(def, state);
  };
  const change = async (event: Input) => {
    if (alreadyApplied()) return projected();
    refuse(dispatch(event).refusal);
    remember();
    return projected();
  };
  const now = () => Date.now();

  // An update handler may run as soon as it is set (update-with-start): the ticket must exist by then.
  const startsFirst = !input.carried && patched(START_BEFORE_HANDLERS);
  if (startsFirst) dispatch({ type: 'start', at: now(), actor: input.createdBy });

  // ERP orders the ticket placed, checked on beside the process; their status changes arrive as signals.
  const orders = new OrderWatch(
    def,
    input.carried?.watchedOrders,
    () => state,
    (signal) => dispatch(signal).refusal,
  );
  orders.resume();
  const vendorCalls = new VendorQueues();

  /** Stops a run of automatic transitions: `next` and every queued transition are dropped. */
  function haltAutomation(next: RunAction): void {
    const dropped = [next];
    for (let i = pending.length - 1; i >= 0; i--) {
      if (pending[i]!.action.kind === 'transition') dropped.splice(1, 0, ...pending.splice(i, 1));
    }
    const transitions = dropped.flatMap((run) => (run.action.kind === 'transition' ? [run.action.transition] : []));
    log.warn('automatic transitions halted', { ...logged(), path: state.automatic, dropped: transitions });
    dispatch({ type: 'automation_halted', at: now(), dropped: transitions });
  }

  setHandler(snapshotQuery, () => snapshot(def, state));
  setHandler(appliedUpdateQuery, (id) => (appliedUpdates.includes(id) ? snapshot(def, state) : null));
  setHandler(projectedQuery, () => ({ ticket: snapshot(def, state), seq: state.seq, doneAt: state.doneAt }));
  setHandler(syncUpdate, async ({ settled, repair }) => {
    if (repair) {
      projection.repair();
      await condition(() => !projection.repairDue);
    }
    if (settled)
      await condition(
        () => pending.length === 0 && !projection.due(state, outbox) && !runningAction && effectsInFlight === 0,
      );
    return projected();
  });
  setChangeHandlers(change, validate, now);
  setHandler(
    signalUpdate,
    async (s) => {
      if (alreadyApplied()) return { duplicate: true, ticket: await projected() };
      const outcome = dispatch({ type: 'signal', at: now(), ...s });
      refuse(outcome.refusal);
      remember(!outcome.duplicate);
      return { duplicate: outcome.duplicate ?? false, ticket: await projected() };
    },
    { validator: (s) => validate({ type: 'signal', at: now(), ...s }) },
  );

  // One durable timer for the nearest deadline; re-armed only when that deadline changes.
  let armed: { at: number; scope: CancellationScope } | undefined;
  let timerDue = false;
  function armTimer(): void {
    const at = nextDeadline(state);
    if (armed?.at === at) return;
    armed?.scope.cancel();
    armed = undefined;
    if (at === undefined) return;
    const scope = new CancellationScope();
    armed = { at, scope };
    scope
      .run(() => sleep(Math.max(at - now(), 1)))
      .then(
        () => {
          if (armed?.at === at) timerDue = true;
        },
        (error: unknown) => {
          if (!isCancellation(error)) throw error;
        },
      );
  }

  // Each upsert is a history event and costs the server about as much as the move itself: new runs
  // keep only what operators filter by in the Temporal UI and what rarely changes (the read model
  // has the rest). Runs from before keep every attribute current.
  const fewAttributes = patched(FEW_SEARCH_ATTRIBUTES);
  let searchAttributes = '';
  function publishSearchAttributes(): void {
    const sa = ticketSearchAttributes;
    if (fewAttributes) {
      const current = JSON.stringify([state.category, state.group]);
      if (current === searchAttributes) return;
      searchAttributes = current;
      upsertSearchAttributes([
        { key: sa.process, value: state.process.key },
        { key: sa.category, value: state.category },
        { key: sa.group, value: state.group },
      ]);
      return;
    }
    const current = JSON.stringify([state.state, state.category, state.group, state.assignee, state.priority]);
    if (current === searchAttributes) return;
    searchAttributes = current;
    upsertSearchAttributes([
      { key: sa.process, value: state.process.key },
      { key: sa.state, value: state.state },
      { key: sa.category, value: state.category },
      { key: sa.group, value: state.group },
      { key: sa.assignee, value: state.assignee },
      { key: sa.priority, value: state.priority },
    ]);
  }

  if (!input.carried && !startsFirst) dispatch({ type: 'start', at: now(), actor: input.createdBy });
  const cap = input.continueAsNewAfter ?? DEFAULT_CONTINUE_AS_NEW_AFTER;
  const whenQuiet = patched(QUIET_CONTINUE);
  /** Set once the ticket has been quiet for QUIET_MS with the run past its cap. */
  let quiet = false;
  let watchingQuiet = false;
  /** Past the cap, one timer at a time watches for a quiet spell: re-armed for what is left of it when
   * an input came meanwhile, so a busy ticket costs one timer a second, not one a change. */
  function watchForQuiet(): void {
    if (!whenQuiet || watchingQuiet || quiet || handled < cap) return;
    watchingQuiet = true;
    void sleep(Math.max(lastInputAt + QUIET_MS - now(), 1)).then(() => {
      watchingQuiet = false;
      if (now() - lastInputAt >= QUIET_MS) quiet = true;
      else watchForQuiet();
    });
  }
  const pastCap = () => handled >= cap || workflowInfo().continueAsNewSuggested;
  const shouldContinueAsNew = () =>
    whenQuiet ? quiet || handled >= Math.max(cap, BUSY_CAP) || workflowInfo().continueAsNewSuggested : pastCap();

  for (;;) {
    publishSearchAttributes();
    armTimer();
    watchForQuiet();
    await condition(
      () =>
        projection.due(state, outbox) || pending.length > 0 || timerDue || isFinished(state) || shouldContinueAsNew(),
    );

    if (projection.due(state, outbox)) {
      // Project first: callers waiting on their update return as soon as their change is readable.
      await projection.run(state, outbox.splice(0, outbox.length));
      continue;
    }
    if (pending.length > 0) {
      // Actions that keep coming (each one queueing the next) must not keep the run from continuing as
      // new: the next run carries the queue.
      if (pastCap() && allHandlersFinished() && effectsInFlight === 0 && patched(CONTINUE_WITH_PENDING)) break;
      const next = pending.shift()!;
      if (exceedsAutomaticSteps(def, state, next) && patched(AUTOMATION_GUARD)) {
        haltAutomation(next);
        continue;
      }
      if (isSideEffect(next) && patched(SIDE_EFFECTS)) {
        effectsInFlight += 1;
        void vendorCalls.after(next, () =>
          runSideEffect(def, state, next).then((result) => {
            effectsInFlight -= 1;
            dispatch(result);
            orders.noticed(result);
          }),
        );
        continue;
      }
      runningAction = true;
      const result = await runAction(def, state, next);
      if (result) dispatch(result);
      runningAction = false;
      continue;
    }
    if (timerDue) {
      timerDue = false;
      armed = undefined;
      const due = state.timers.filter((t) => t.at <= now());
      for (const timer of due) dispatch({ type: 'timer_fired', at: now(), id: timer.id });
      continue;
    }
    // Finish or continue as new only once no update is still waiting on this run and no effect is out.
    if (!allHandlersFinished() || effectsInFlight > 0) {
      await condition(
        () => (allHandlersFinished() && effectsInFlight === 0) || projection.due(state, outbox) || pending.length > 0,
      );
      continue;
    }
    if (isFinished(state)) {
      log.info('ticket finished', logged());
      return snapshot(def, state);
    }
    break;
  }
  log.info('continuing as new', { ...logged(), handled, pending: pending.length });
  const watchedOrders = orders.carried();
  return continueAsNew<typeof ticketWorkflow>({
    ...input,
    fields: {},
    carried: { state, pending, updateIds: appliedUpdates, ...(watchedOrders.length > 0 && { watchedOrders }) },
  });
}
