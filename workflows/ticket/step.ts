// One application of an input to a ticket: accumulates the new state, its timeline events and the
// actions to run. The interpreter drives it; SLA clock logic lives in sla.ts.
import { durationMs } from '../process/duration.js';
import { priorities, type NotificationEvent } from '../process/vocabulary.js';
import type { Action, ProcessDefinition, TransitionDefinition } from '../process/definition.js';
import { transitionOf } from './checks.js';
import type { Actor, TimelineEvent, WorkflowEventData, WorkflowEventKind } from './events.js';
import type { Fields, FieldValue, RunAction, TicketState } from './model.js';
import { updateClocks } from './sla.js';

/** Events that change what a person deciding a move looks at; the ticket's version counts them. */
const CHANGES = new Set<WorkflowEventKind>(['created', 'entered', 'assigned', 'fields_set', 'priority_changed']);

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

  /** Emits an event of a kind with that kind's data (events.ts): another shape does not compile. */
  event<K extends WorkflowEventKind>(type: K, actor: Actor, data: WorkflowEventData[K]): void {
    this.state.seq += 1;
    if (CHANGES.has(type)) this.state.version += 1;
    // K is one kind, so this is the member of the union for it (TypeScript does not narrow a generic).
    const event = { seq: this.state.seq, type, at: this.at, actor, data } as TimelineEvent;
    this.events.push(event);
    if (this.state.notificationRules) this.queueRuleNotifications(event);
  }

  /** A notify action for every notification rule the event matches, minus its actor when a person. */
  private queueRuleNotifications(timelineEvent: TimelineEvent): void {
    const event = notificationEventOf(timelineEvent);
    if (!event) return;
    const { actor } = timelineEvent;
    // Rules with `into` are for moves: the state a move led to (no other event a rule matches has one).
    const into = String(timelineEvent.type === 'moved' ? timelineEvent.data.to : undefined);
    (this.def.notifications ?? []).forEach((rule, i) => {
      if (rule.on !== event || (rule.into && !rule.into.includes(into))) return;
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

  /** Takes a transition; `automatic` when an action took it, which extends the current run of those;
   * `reply` when the requester's public comment of that id took it. */
  take(t: TransitionDefinition, actor: Actor, automatic = false, reply?: string): void {
    const from = this.state.state;
    this.event('moved', actor, { transition: t.key, from, to: t.to, ...(reply !== undefined && { reply }) });
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
function notificationEventOf(event: TimelineEvent): NotificationEvent | undefined {
  switch (event.type) {
    case 'created':
    case 'moved':
    case 'sla_at_risk':
    case 'sla_breached':
      return event.type;
    case 'assigned':
      return event.data.assignee ? 'assigned' : undefined;
    case 'commented':
      return event.data.visibility === 'public' ? 'commented' : undefined;
    case 'entered':
      return event.data.category === 'done' ? 'resolved' : undefined;
    default:
      return undefined;
  }
}

function sameValue(a: FieldValue | undefined, b: FieldValue): boolean {
  if (typeof a === 'object' && typeof b === 'object') return a.text === b.text;
  return a === b;
}
