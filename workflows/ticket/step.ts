// One application of an input to a ticket: accumulates the new state, its timeline events and the
// actions to run. The interpreter drives it; SLA clock logic lives in sla.ts.
import { durationMs } from '../process/duration.js';
import { priorities, type NotificationEvent } from '../process/vocabulary.js';
import type { Action, ProcessDefinition, TransitionDefinition } from '../process/definition.js';
import { transitionOf } from './checks.js';
import type { Actor, Fields, FieldValue, RunAction, TicketState, TimelineEvent } from './model.js';
import { updateClocks } from './sla.js';

/** Events that change what a person deciding a move looks at; the ticket's version counts them. */
const CHANGES = new Set(['created', 'entered', 'assigned', 'fields_set', 'priority_changed']);

export class Step {
  readonly state: TicketState;
  readonly events: TimelineEvent[] = [];
  readonly actions: RunAction[] = [];

  constructor(
    readonly def: ProcessDefinition,
    state: TicketState,
    /** When the input arrived: the time of every event of this step. */
    readonly at: number,
  ) {
    this.state = { ...state, fields: { ...state.fields }, timers: [...state.timers], slas: { ...state.slas } };
  }

  event(type: string, actor: Actor, data: Record<string, unknown>): void {
    this.state.seq += 1;
    if (CHANGES.has(type)) this.state.version += 1;
    this.events.push({ seq: this.state.seq, type, at: this.at, actor, data });
    if (this.state.notificationRules) this.queueRuleNotifications(type, actor, data);
  }

  /** A notify action for every notification rule the event matches, minus its actor when a person. */
  private queueRuleNotifications(type: string, actor: Actor, data: Record<string, unknown>): void {
    const event = notificationEventOf(type, data);
    if (!event) return;
    (this.def.notifications ?? []).forEach((rule, i) => {
      if (rule.on !== event || (rule.into && !rule.into.includes(String(data.to)))) return;
      const { to, channels, template, includeField } = rule;
      this.actions.push({
        action: { kind: 'notify', to, channels, template, ...(includeField && { includeField }) },
        entry: 0,
        origin: `rule:${i}:${rule.on}`,
        ...(actor.kind === 'person' && { actor: actor.userId }),
      });
    });
  }

  queue(actions: readonly Action[], entry: number, origin: string): void {
    for (const action of actions) this.actions.push({ action, entry, origin });
  }

  /** Takes a transition; `automatic` when an action took it, which extends the current run of those. */
  take(t: TransitionDefinition, actor: Actor, automatic = false): void {
    const from = this.state.state;
    this.event('moved', actor, { transition: t.key, from, to: t.to });
    this.enter(t.to, actor, automatic ? [...(this.state.automatic ?? [from]), t.to] : undefined);
  }

  enter(stateKey: string, actor: Actor, automatic?: string[]): void {
    const target = this.def.states.find((s) => s.key === stateKey)!;
    const s = this.state;
    if (automatic) s.automatic = automatic;
    else delete s.automatic;
    s.timers = s.timers.filter((t) => t.kind !== 'state' && t.kind !== 'reopen_window');
    s.state = target.key;
    s.category = target.category;
    s.entry += 1;
    s.enteredAt = this.at;
    s.doneAt = target.category === 'done' ? this.at : null;
    (target.timers ?? []).forEach((timer, i) => {
      s.timers.push({
        id: `state:${s.entry}:${i}`,
        at: this.at + durationMs(timer.after)!,
        kind: 'state',
        entry: s.entry,
        transition: timer.transition,
      });
    });
    if (target.category === 'done' && this.def.reopenWindow) {
      s.timers.push({
        id: `reopen:${s.entry}`,
        at: this.at + durationMs(this.def.reopenWindow)!,
        kind: 'reopen_window',
        entry: s.entry,
      });
    }
    this.event('entered', actor, { state: target.key, category: target.category });
    this.queue(target.onEnter ?? [], s.entry, `state:${target.key}`);
    updateClocks(this, target);
  }

  setFields(fields: Fields, actor: Actor, recordEmpty: boolean): void {
    const changed = Object.entries(fields).filter(([key, value]) => !sameValue(this.state.fields[key], value));
    if (changed.length === 0 && !recordEmpty) return;
    for (const [key, value] of changed) this.state.fields[key] = value;
    this.event('fields_set', actor, { fields: Object.fromEntries(changed) });
  }

  setPriority(priority: TicketState['priority'], actor: Actor): void {
    if (priority === this.state.priority) return;
    const from = this.state.priority;
    this.state.priority = priority;
    this.event('priority_changed', actor, { from, to: priority });
  }

  runPureAction(run: RunAction): void {
    const actor: Actor = { kind: 'system', cause: run.origin };
    const { action } = run;
    switch (action.kind) {
      case 'set_field':
        if (action.value === null) {
          if (!(action.field in this.state.fields)) return;
          delete this.state.fields[action.field];
          this.event('fields_set', actor, { fields: { [action.field]: null } });
        } else this.setFields({ [action.field]: action.value }, actor, false);
        return;
      case 'set_priority':
        return this.setPriority(action.priority, actor);
      case 'raise_priority': {
        const next = priorities[Math.min(priorities.indexOf(this.state.priority) + 1, priorities.length - 1)]!;
        return this.setPriority(next, actor);
      }
      case 'transition': {
        const t = actionTransition(this.def, this.state, run);
        if (t) return this.take(t, actor, true);
        this.event('action_skipped', actor, {
          action: 'transition',
          reason: 'state_changed',
          transition: action.transition,
        });
        return;
      }
      default:
        throw new Error(`action ${action.kind} runs in the workflow shell, not in the interpreter`);
    }
  }
}

/** The transition a `transition` action takes now, or undefined when it does not apply (any more). */
export function actionTransition(
  def: ProcessDefinition,
  state: TicketState,
  run: RunAction,
): TransitionDefinition | undefined {
  if (run.action.kind !== 'transition') return undefined;
  const t = transitionOf(def, run.action.transition);
  const stillThere = run.entry === 0 || run.entry === state.entry;
  return t && stillThere && t.from.includes(state.state) ? t : undefined;
}

/** The notification event a timeline event is, if any: see `notificationRule` in definition.ts. */
function notificationEventOf(type: string, data: Record<string, unknown>): NotificationEvent | undefined {
  switch (type) {
    case 'created':
    case 'moved':
    case 'sla_at_risk':
    case 'sla_breached':
      return type;
    case 'assigned':
      return data.assignee ? 'assigned' : undefined;
    case 'commented':
      return data.visibility === 'public' ? 'commented' : undefined;
    case 'entered':
      return data.category === 'done' ? 'resolved' : undefined;
    default:
      return undefined;
  }
}

function sameValue(a: FieldValue | undefined, b: FieldValue): boolean {
  if (typeof a === 'object' && typeof b === 'object') return a.text === b.text;
  return a === b;
}
