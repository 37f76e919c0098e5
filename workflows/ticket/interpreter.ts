// The interpreter of process definitions: (definition, ticket state, input) → (new state, timeline
// events, actions to run). Pure and deterministic: it knows nothing of Temporal, reads no clock (time
// comes in with each input) and does no I/O, so the workflow, tests, simulation and migration dry runs
// can all run it. Its parts: checks.ts (refusals), step.ts (state changes), sla.ts (SLA clocks),
// replies.ts (what a public comment moves or stops), macro.ts (several changes as one, all or nothing).
import type { ProcessDefinition } from '../process/definition.js';
import { MAX_AUTOMATIC_STEPS } from '../process/limits.js';
import { check as checkInput, transitionOf } from './checks.js';
import type {
  Actor,
  Input,
  Outcome,
  Person,
  Refusal,
  RunAction,
  TicketSnapshot,
  TicketState,
  TicketWorkflowInput,
} from './model.js';
import type { ActionDescription } from './events.js';
import { slaMeasured, slaScheduled, slaThreshold } from './sla.js';
import { publicReply } from './replies.js';
import { applyMacro } from './macro.js';
import { actionTransition, Step } from './step.js';

/** Why an input would be refused, or undefined: a macro by the first of its parts refused. */
export function check(def: ProcessDefinition, state: TicketState, input: Input): Refusal | undefined {
  return input.type === 'macro' ? applyMacro(def, state, input, apply).refusal : checkInput(def, state, input);
}
export { slaScheduleRequest } from './sla.js';

/** How many signal idempotency keys a ticket remembers. */
export const SIGNAL_MEMORY = 1000;

export { MAX_AUTOMATIC_STEPS };

/** The state before the `start` input enters the initial state. */
export function newTicket(input: TicketWorkflowInput): TicketState {
  const def = input.process.definition;
  return {
    ticketId: input.ticketId,
    number: input.number,
    process: { key: input.process.key, version: input.process.version },
    requester: input.requester,
    state: '',
    category: 'new',
    priority: input.priority ?? def.defaultPriority ?? 'normal',
    group: def.group,
    assignee: null,
    fields: { ...input.fields },
    seq: 0,
    version: 0,
    entry: 0,
    enteredAt: 0,
    doneAt: null,
    timers: [],
    slas: {},
    signalKeys: [],
  };
}

export function apply(def: ProcessDefinition, state: TicketState, input: Input): Outcome {
  if (input.type === 'macro') return applyMacro(def, state, input, apply);
  const refusal = checkInput(def, state, input);
  if (refusal) return { state, events: [], actions: [], refusal };
  const step = new Step(def, state, input.at);

  switch (input.type) {
    case 'start':
      step.event('created', input.actor, { process: state.process, priority: state.priority, fields: state.fields });
      step.enter(def.initialState, input.actor);
      break;
    case 'move': {
      const actor = personActor(input.actor);
      step.setFields(input.fields ?? {}, actor, false);
      step.take(transitionOf(def, input.transition)!, actor);
      break;
    }
    case 'signal': {
      if (state.signalKeys.includes(input.idempotencyKey)) return { state, events: [], actions: [], duplicate: true };
      step.state.signalKeys = [...state.signalKeys, input.idempotencyKey].slice(-SIGNAL_MEMORY);
      const signal = def.signals!.find((s) => s.name === input.name)!;
      const actor: Actor = { kind: 'system', cause: `signal:${input.name}` };
      // The key on the timeline outlives the workflow: a redelivery after the ticket closed is answered
      // as a duplicate from it.
      const { name, source, payload, idempotencyKey: key } = input;
      step.event('signal_received', actor, { name, source, payload, key });
      if (signal.effect.kind === 'transition') step.take(transitionOf(def, signal.effect.transition)!, actor);
      else if (signal.effect.as === 'comment')
        step.event('external_comment', actor, { name: input.name, payload: input.payload });
      step.queue(signal.actions ?? [], 0, `signal:${input.name}`);
      break;
    }
    case 'timer_fired': {
      const timer = state.timers.find((t) => t.id === input.id);
      if (!timer) break; // disarmed since: a stale wake-up changes nothing
      step.state.timers = state.timers.filter((t) => t.id !== input.id);
      if (timer.kind === 'reopen_window') {
        step.event('reopen_window_closed', { kind: 'system', cause: 'timer' }, {});
        break;
      }
      if (timer.kind === 'sla_at_risk' || timer.kind === 'sla_breach') {
        slaThreshold(step, timer.sla!, timer.kind);
        break;
      }
      const t = transitionOf(def, timer.transition!);
      if (t && t.from.includes(state.state) && timer.entry === state.entry) {
        step.take(t, { kind: 'system', cause: `timer:${timer.id}` });
      }
      break;
    }
    case 'assigned': {
      const actor: Actor = { kind: 'system', cause: 'round_robin' };
      if (input.userId) {
        step.state.group = input.group;
        step.state.assignee = input.userId;
        step.event('assigned', actor, { group: input.group, assignee: input.userId, how: 'round_robin' });
      } else {
        step.event('assignment_skipped', actor, { group: input.group, reason: input.reason ?? 'no_active_member' });
      }
      break;
    }
    case 'action':
      step.runPureAction(input.run);
      break;
    case 'sla_scheduled':
      slaScheduled(step, input.sla, input.epoch, input.atRiskAt, input.deadline);
      break;
    case 'sla_measured':
      slaMeasured(step, input.sla, input.elapsedMs, input.cycle);
      break;
    case 'automation_halted':
      step.event(
        'automation_halted',
        { kind: 'system', cause: 'automation' },
        { limit: MAX_AUTOMATIC_STEPS, path: state.automatic ?? [state.state], dropped: input.dropped },
      );
      delete step.state.automatic;
      break;
    case 'action_skipped':
      step.event(
        'action_skipped',
        { kind: 'system', cause: input.run.origin },
        {
          action: input.run.action.kind,
          reason: input.reason,
          ...describeAction(input.run.action),
        },
      );
      break;
    case 'notified':
      step.event(
        'notified',
        { kind: 'system', cause: input.run.origin },
        {
          ...describeAction(input.run.action),
          event: input.event,
          recipients: input.recipients,
          sent: input.sent,
          failed: input.failed,
          skipped: input.skipped,
        },
      );
      break;
    case 'integration_succeeded':
      integrationSucceeded(step, input);
      break;
    case 'comment_mirrored':
      step.event(
        'comment_mirrored',
        { kind: 'system', cause: 'comment_mirror' },
        { system: 'jira', commentId: input.commentId, key: input.issueKey, id: input.mirroredAs, url: input.url },
      );
      break;
    case 'comment_mirror_failed':
      step.event(
        'comment_mirror_failed',
        { kind: 'system', cause: 'comment_mirror' },
        {
          system: 'jira',
          commentId: input.commentId,
          key: input.issueKey,
          reason: input.reason,
          ...(input.message && { message: input.message }),
        },
      );
      break;
    case 'integration_failed':
      step.event(
        'integration_failed',
        { kind: 'system', cause: input.run.origin },
        { ...describeAction(input.run.action), reason: input.reason, ...(input.message && { message: input.message }) },
      );
      break;
    case 'reassign': {
      const actor = personActor(input.actor);
      if (input.group) step.state.group = input.group;
      step.state.assignee = input.userId;
      step.event('assigned', actor, { group: step.state.group, assignee: input.userId, how: 'by_hand' });
      break;
    }
    case 'set_fields':
      step.setFields(input.fields, personActor(input.actor), true);
      break;
    case 'set_priority':
      step.setPriority(input.priority, personActor(input.actor));
      break;
    case 'comment':
      step.event('commented', personActor(input.actor), { commentId: input.commentId, visibility: input.visibility });
      if (input.visibility === 'public') publicReply(step, input.actor, input.commentId);
      break;
    case 'attachment':
      step.event('attached', personActor(input.actor), { attachmentId: input.attachmentId });
      break;
  }
  return { state: step.state, events: step.events, actions: step.actions };
}

/** True when running this action would take one automatic transition more than MAX_AUTOMATIC_STEPS in a row. */
export function exceedsAutomaticSteps(def: ProcessDefinition, state: TicketState, run: RunAction): boolean {
  return (state.automatic?.length ?? 1) - 1 >= MAX_AUTOMATIC_STEPS && actionTransition(def, state, run) !== undefined;
}

/** True once the ticket is in a done state and can no longer be reopened: its workflow may complete. */
export function isFinished(state: TicketState): boolean {
  return state.category === 'done' && !state.timers.some((t) => t.kind === 'reopen_window');
}

export function nextDeadline(state: TicketState): number | undefined {
  return state.timers.reduce<number | undefined>((min, t) => (min === undefined || t.at < min ? t.at : min), undefined);
}

export function snapshot(def: ProcessDefinition, state: TicketState): TicketSnapshot {
  return {
    number: state.number,
    process: state.process,
    state: state.state,
    category: state.category,
    priority: state.priority,
    group: state.group,
    assignee: state.assignee,
    fields: state.fields,
    version: state.version,
    transitions: def.transitions.filter((t) => t.from.includes(state.state)).map((t) => t.key),
    slas: Object.fromEntries(
      Object.entries(state.slas).map(([key, c]) => [
        key,
        { status: c.status, deadline: c.deadline, atRisk: c.atRisk, breached: c.breached },
      ]),
    ),
  };
}

/** Stores the call's results into the fields its `output` names, records the call, then takes `onSuccess`
 * (unless the ticket moved on meanwhile: the transition is then skipped as any stale action is). */
function integrationSucceeded(step: Step, input: Extract<Input, { type: 'integration_succeeded' }>): void {
  const { run } = input;
  if (run.action.kind !== 'integration') return;
  const actor: Actor = { kind: 'system', cause: run.origin };
  const fields = Object.entries(run.action.output ?? {}).flatMap(([result, field]) =>
    input.results[result] === undefined ? [] : [[field, input.results[result]] as const],
  );
  step.setFields(Object.fromEntries(fields), actor, false);
  // The issue its public comments are mirrored onto (used only by runs with patch jira-comment-mirror).
  if (run.action.system === 'jira' && run.action.operation === 'create_issue')
    step.state.jiraIssue = { id: input.id, key: input.key };
  step.event('integration_succeeded', actor, {
    ...describeAction(run.action),
    id: input.id,
    key: input.key,
    url: input.url,
  });
  if (run.action.onSuccess)
    step.runPureAction({ ...run, action: { kind: 'transition', transition: run.action.onSuccess } });
}

/** A person as the timeline names them: who and in which role, not the groups the checks looked at. */
function personActor(person: Person): Actor {
  return { kind: 'person', userId: person.userId, role: person.role };
}

function describeAction(action: RunAction['action']): ActionDescription {
  switch (action.kind) {
    case 'notify':
      return { template: action.template, channels: action.channels, to: action.to };
    case 'integration':
      return { system: action.system, operation: action.operation };
    default:
      return {};
  }
}
