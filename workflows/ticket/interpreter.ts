// The interpreter of process definitions: (definition, ticket state, input) → (new state, timeline
// events, actions to run). Pure and deterministic: it knows nothing of Temporal, reads no clock (time
// comes in with each input) and does no I/O, so the workflow, tests, simulation and migration dry runs
// can all run it.
import { durationMs } from '../process/duration.js';
import { priorities } from '../process/vocabulary.js';
import type {
  Action,
  ProcessDefinition,
  SlaDefinition,
  StateDefinition,
  TransitionDefinition,
} from '../process/definition.js';
import type {
  Actor,
  Fields,
  FieldValue,
  Input,
  Outcome,
  Person,
  Refusal,
  RunAction,
  SlaClock,
  TicketSnapshot,
  TicketState,
  TicketWorkflowInput,
  TimelineEvent,
} from './model.js';

/** How many signal idempotency keys a ticket remembers. */
export const SIGNAL_MEMORY = 1000;

const STAFF = ['AGENT', 'COORDINATOR', 'ADMIN'] as const;

/** Events that change what a person deciding a move looks at; the ticket's version counts them. */
const CHANGES = new Set(['created', 'entered', 'assigned', 'fields_set', 'priority_changed']);

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

/** Why an input would be refused, or undefined: the synchronous check behind every update validator. */
export function check(def: ProcessDefinition, state: TicketState, input: Input): Refusal | undefined {
  switch (input.type) {
    case 'move':
      return checkMove(def, state, input.actor, input.transition, input.fields ?? {}, input.expectedVersion);
    case 'signal':
      // A redelivery is accepted (and changes nothing) even where the signal no longer applies.
      if (state.signalKeys.includes(input.idempotencyKey)) return undefined;
      return checkSignal(def, state, input.name, input.payload);
    case 'reassign':
    case 'set_priority':
      return checkStaff(state, input.actor, input.expectedVersion) ?? checkOpen(def, state);
    case 'set_fields':
      return (
        checkStaff(state, input.actor, input.expectedVersion) ?? checkOpen(def, state) ?? checkFields(def, input.fields)
      );
    case 'attachment':
      return isStaff(input.actor) || isRequester(state, input.actor)
        ? checkOpen(def, state)
        : refuse('NOT_ALLOWED', 'only staff and the requester attach files to a ticket');
    case 'comment':
      if (input.visibility === 'internal' && !isStaff(input.actor)) {
        return refuse('NOT_ALLOWED', 'only agents, coordinators and admins write internal comments');
      }
      return isStaff(input.actor) || isRequester(state, input.actor)
        ? undefined
        : refuse('NOT_ALLOWED', 'only staff and the requester comment on a ticket');
    default:
      return undefined;
  }
}

export function apply(def: ProcessDefinition, state: TicketState, input: Input): Outcome {
  const refusal = check(def, state, input);
  if (refusal) return { state, events: [], actions: [], refusal };
  const step = new Step(def, state, input.at);

  switch (input.type) {
    case 'start':
      step.event('created', input.actor, { process: state.process, priority: state.priority, fields: state.fields });
      step.enter(def.initialState, input.actor);
      break;
    case 'move': {
      const actor: Actor = { kind: 'person', userId: input.actor.userId, role: input.actor.role };
      step.setFields(input.fields ?? {}, actor, false);
      step.take(transitionOf(def, input.transition)!, actor);
      break;
    }
    case 'signal': {
      if (state.signalKeys.includes(input.idempotencyKey)) return { state, events: [], actions: [], duplicate: true };
      step.state.signalKeys = [...state.signalKeys, input.idempotencyKey].slice(-SIGNAL_MEMORY);
      const signal = def.signals!.find((s) => s.name === input.name)!;
      const actor: Actor = { kind: 'system', cause: `signal:${input.name}` };
      step.event('signal_received', actor, { name: input.name, source: input.source, payload: input.payload });
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
        step.slaThreshold(timer.sla!, timer.kind);
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
      step.slaScheduled(input.sla, input.epoch, input.atRiskAt, input.deadline);
      break;
    case 'sla_measured': {
      const clock = step.state.slas[input.sla];
      if (clock)
        step.state.slas = {
          ...step.state.slas,
          [input.sla]: { ...clock, remainingMs: clock.remainingMs - input.elapsedMs },
        };
      break;
    }
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
    case 'reassign': {
      const actor: Actor = { kind: 'person', ...input.actor };
      if (input.group) step.state.group = input.group;
      step.state.assignee = input.userId;
      step.event('assigned', actor, { group: step.state.group, assignee: input.userId, how: 'by_hand' });
      break;
    }
    case 'set_fields':
      step.setFields(input.fields, { kind: 'person', ...input.actor }, true);
      break;
    case 'set_priority':
      step.setPriority(input.priority, { kind: 'person', ...input.actor });
      break;
    case 'comment':
      step.event(
        'commented',
        { kind: 'person', ...input.actor },
        { commentId: input.commentId, visibility: input.visibility },
      );
      break;
    case 'attachment':
      step.event('attached', { kind: 'person', ...input.actor }, { attachmentId: input.attachmentId });
      break;
  }
  return { state: step.state, events: step.events, actions: step.actions };
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

/** What the calendar activity must compute for a business-time clock, or undefined when the request is stale. */
export function slaScheduleRequest(def: ProcessDefinition, state: TicketState, key: string, epoch: number) {
  const clock = state.slas[key];
  const sla = def.slas?.find((c) => c.key === key);
  if (!clock || !sla || clock.epoch !== epoch || clock.status !== 'running' || clock.runningSince === null)
    return undefined;
  const offsets = thresholdOffsets(sla, clock);
  return { from: clock.runningSince, atRiskOffsetMs: offsets.atRisk, breachOffsetMs: offsets.breach };
}

/** Time from the start of the running stretch to each threshold still ahead (null: none to arm). */
function thresholdOffsets(sla: SlaDefinition, clock: SlaClock): { atRisk: number | null; breach: number | null } {
  if (clock.breached) return { atRisk: null, breach: null };
  const target = durationMs(sla.target)!;
  const atRisk = sla.atRisk && !clock.atRisk ? Math.max(0, clock.remainingMs - (1 - sla.atRisk.at) * target) : null;
  return { atRisk, breach: Math.max(0, clock.remainingMs) };
}

// One application of an input: accumulates the new state, its events and the actions to run.
class Step {
  readonly state: TicketState;
  readonly events: TimelineEvent[] = [];
  readonly actions: RunAction[] = [];

  constructor(
    private readonly def: ProcessDefinition,
    state: TicketState,
    private readonly at: number,
  ) {
    this.state = { ...state, fields: { ...state.fields }, timers: [...state.timers], slas: { ...state.slas } };
  }

  event(type: string, actor: Actor, data: Record<string, unknown>): void {
    this.state.seq += 1;
    if (CHANGES.has(type)) this.state.version += 1;
    this.events.push({ seq: this.state.seq, type, at: this.at, actor, data });
  }

  queue(actions: readonly Action[], entry: number, origin: string): void {
    for (const action of actions) this.actions.push({ action, entry, origin });
  }

  take(t: TransitionDefinition, actor: Actor): void {
    const from = this.state.state;
    this.event('moved', actor, { transition: t.key, from, to: t.to });
    this.enter(t.to, actor);
  }

  enter(stateKey: string, actor: Actor): void {
    const target = this.def.states.find((s) => s.key === stateKey)!;
    const s = this.state;
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
    this.updateClocks(target);
  }

  /** Starts, pauses, resumes and stops SLA clocks on entering a state. A stopped clock stays stopped. */
  private updateClocks(target: StateDefinition): void {
    for (const sla of this.def.slas ?? []) {
      const clock = this.state.slas[sla.key];
      if (!clock) {
        if (sla.startOn.includes(target.key)) this.startClock(sla);
        continue;
      }
      if (clock.status === 'stopped') continue;
      if (sla.stopOn.includes(target.key) || target.category === 'done') {
        this.changeClock(sla, { status: 'stopped' }, 'sla_stopped', { breached: clock.breached });
        continue;
      }
      const pauseIn = sla.pauseIn ?? this.def.states.filter((st) => st.category === 'waiting').map((st) => st.key);
      const pause = pauseIn.includes(target.key);
      if (clock.status === 'running' && pause) this.changeClock(sla, { status: 'paused' }, 'sla_paused', {});
      else if (clock.status === 'paused' && !pause)
        this.changeClock(sla, { status: 'running', runningSince: this.at }, 'sla_resumed', {});
    }
  }

  private startClock(sla: SlaDefinition): void {
    const clock: SlaClock = {
      status: 'running',
      remainingMs: durationMs(sla.target)!,
      runningSince: this.at,
      epoch: 1,
      deadline: null,
      atRisk: false,
      breached: false,
    };
    this.state.slas = { ...this.state.slas, [sla.key]: clock };
    this.event(
      'sla_started',
      { kind: 'system', cause: `sla:${sla.key}` },
      { sla: sla.key, target: sla.target, time: sla.time },
    );
    this.schedule(sla, clock);
  }

  /** Moves a clock to a new status: a stretch of running time ends, a new epoch begins, its timers go. */
  private changeClock(
    sla: SlaDefinition,
    change: Partial<SlaClock>,
    type: string,
    data: Record<string, unknown>,
  ): void {
    const old = this.state.slas[sla.key]!;
    let remainingMs = old.remainingMs;
    if (old.status === 'running' && old.runningSince !== null && change.status !== 'running') {
      if (sla.time === 'calendar') remainingMs -= this.at - old.runningSince;
      else if (change.status === 'paused')
        this.actions.push({
          action: { kind: 'sla_measure', sla: sla.key, from: old.runningSince, to: this.at },
          entry: 0,
          origin: `sla:${sla.key}`,
        });
    }
    const clock: SlaClock = {
      ...old,
      runningSince: null,
      deadline: null,
      ...change,
      remainingMs,
      epoch: old.epoch + 1,
    };
    this.state.slas = { ...this.state.slas, [sla.key]: clock };
    this.state.timers = this.state.timers.filter((t) => t.sla !== sla.key);
    this.event(type, { kind: 'system', cause: `sla:${sla.key}` }, { sla: sla.key, ...data });
    if (clock.status === 'running') this.schedule(sla, clock);
  }

  /** Calendar clocks arm their timers at once; business clocks ask the calendar activity first. */
  private schedule(sla: SlaDefinition, clock: SlaClock): void {
    if (sla.time === 'business') {
      this.actions.push({
        action: { kind: 'sla_schedule', sla: sla.key, epoch: clock.epoch },
        entry: 0,
        origin: `sla:${sla.key}`,
      });
      return;
    }
    const offsets = thresholdOffsets(sla, clock);
    const from = clock.runningSince!;
    this.slaScheduled(
      sla.key,
      clock.epoch,
      offsets.atRisk === null ? null : from + offsets.atRisk,
      offsets.breach === null ? null : from + offsets.breach,
    );
  }

  slaScheduled(key: string, epoch: number, atRiskAt: number | null, deadline: number | null): void {
    const clock = this.state.slas[key];
    if (!clock || clock.epoch !== epoch || clock.status !== 'running') return; // stale: the clock moved on
    this.state.slas = { ...this.state.slas, [key]: { ...clock, deadline } };
    this.state.timers = this.state.timers.filter((t) => t.sla !== key);
    if (atRiskAt !== null)
      this.state.timers.push({
        id: `sla:${key}:${epoch}:at_risk`,
        at: atRiskAt,
        kind: 'sla_at_risk',
        entry: 0,
        sla: key,
      });
    if (deadline !== null)
      this.state.timers.push({
        id: `sla:${key}:${epoch}:breach`,
        at: deadline,
        kind: 'sla_breach',
        entry: 0,
        sla: key,
      });
  }

  slaThreshold(key: string, kind: 'sla_at_risk' | 'sla_breach'): void {
    const sla = this.def.slas!.find((c) => c.key === key)!;
    const clock = this.state.slas[key]!;
    const actor: Actor = { kind: 'system', cause: `sla:${key}` };
    if (kind === 'sla_at_risk') {
      this.state.slas = { ...this.state.slas, [key]: { ...clock, atRisk: true } };
      this.event('sla_at_risk', actor, { sla: key });
      this.queue(sla.atRisk?.actions ?? [], 0, `sla:${key}:at_risk`);
    } else {
      this.state.slas = { ...this.state.slas, [key]: { ...clock, atRisk: true, breached: true } };
      this.event('sla_breached', actor, { sla: key });
      this.queue(sla.breached?.actions ?? [], 0, `sla:${key}:breached`);
    }
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
        const t = transitionOf(this.def, action.transition);
        const stillThere = run.entry === 0 || run.entry === this.state.entry;
        if (t && stillThere && t.from.includes(this.state.state)) return this.take(t, actor);
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

function transitionOf(def: ProcessDefinition, key: string): TransitionDefinition | undefined {
  return def.transitions.find((t) => t.key === key);
}

function refuse(reason: Refusal['reason'], message: string, details?: Record<string, unknown>): Refusal {
  return details ? { reason, message, details } : { reason, message };
}

const isStaff = (actor: Person) => (STAFF as readonly string[]).includes(actor.role);
const isRequester = (state: TicketState, actor: Person) =>
  state.requester.userId !== null && state.requester.userId === actor.userId;

function checkOpen(def: ProcessDefinition, state: TicketState): Refusal | undefined {
  if (state.category !== 'done') return undefined;
  const canReopen = def.transitions.some((t) => t.from.includes(state.state));
  return canReopen
    ? undefined
    : refuse('TICKET_CLOSED', `ticket ${state.number} is ${state.state}: it can no longer change`);
}

function checkVersion(state: TicketState, expected: number | undefined): Refusal | undefined {
  if (expected === undefined || expected === state.version) return undefined;
  return refuse(
    'STALE_VERSION',
    `ticket ${state.number} changed since version ${expected}: it is at version ${state.version}`,
    {
      expectedVersion: expected,
      currentVersion: state.version,
    },
  );
}

function checkStaff(state: TicketState, actor: Person, expected: number | undefined): Refusal | undefined {
  if (!isStaff(actor)) return refuse('NOT_ALLOWED', 'only agents, coordinators and admins change this');
  return checkVersion(state, expected);
}

function checkMove(
  def: ProcessDefinition,
  state: TicketState,
  actor: Person,
  key: string,
  fields: Fields,
  expectedVersion: number | undefined,
): Refusal | undefined {
  const t = transitionOf(def, key);
  if (!t)
    return refuse('UNKNOWN_TRANSITION', `process ${def.key} v${state.process.version} has no transition "${key}"`);
  // A caller who saw an older version learns that first: the rest of its view may be outdated too.
  const stale = checkVersion(state, expectedVersion);
  if (stale) return stale;
  if (!t.from.includes(state.state)) {
    if (state.category === 'done') return refuse('TICKET_CLOSED', `ticket ${state.number} is ${state.state}`);
    return refuse('NOT_FROM_STATE', `"${key}" cannot be taken from state "${state.state}"`, {
      state: state.state,
      from: t.from,
    });
  }
  const people = t.by.filter((by) => by !== 'system');
  if (people.length === 0) return refuse('SYSTEM_ONLY', `"${key}" is taken by the system only`);
  const allowed =
    actor.role === 'ADMIN' ||
    people.includes(actor.role) ||
    (people.includes('requester') && isRequester(state, actor));
  if (!allowed) {
    return refuse('NOT_ALLOWED', `"${key}" may be taken by ${people.join(', ')}; you are ${actor.role}`, {
      by: people,
    });
  }
  const invalid = checkFields(def, fields);
  if (invalid) return invalid;
  const missing = (t.requires ?? []).filter((f) => isEmpty(fields[f] ?? state.fields[f]));
  if (missing.length > 0) {
    return refuse('REQUIRED_FIELD_MISSING', `"${key}" requires ${missing.join(', ')}`, { fields: missing });
  }
  return undefined;
}

function checkSignal(
  def: ProcessDefinition,
  state: TicketState,
  name: string,
  payload: Record<string, unknown>,
): Refusal | undefined {
  const signal = def.signals?.find((s) => s.name === name);
  if (!signal)
    return refuse('UNKNOWN_SIGNAL', `process ${def.key} v${state.process.version} accepts no signal "${name}"`);
  const where =
    signal.states ??
    (signal.effect.kind === 'transition'
      ? transitionOf(def, signal.effect.transition)!.from
      : def.states.filter((s) => s.category !== 'done').map((s) => s.key));
  if (!where.includes(state.state)) {
    return refuse('SIGNAL_NOT_APPLICABLE', `"${name}" does not apply in state "${state.state}"`, {
      state: state.state,
      states: where,
    });
  }
  const problems: string[] = [];
  const declared = new Map((signal.payload ?? []).map((p) => [p.key, p]));
  for (const key of Object.keys(payload)) if (!declared.has(key)) problems.push(`${key}: not declared`);
  for (const p of signal.payload ?? []) {
    const value = payload[p.key];
    if (value === undefined || value === null || value === '') {
      if (p.required) problems.push(`${p.key}: required`);
      continue;
    }
    const problem = valueProblem(p.type, value);
    if (problem) problems.push(`${p.key}: ${problem}`);
  }
  if (problems.length > 0)
    return refuse('INVALID_PAYLOAD', `invalid payload for "${name}": ${problems.join('; ')}`, { problems });
  return undefined;
}

/** Unknown fields and values of the wrong type. */
export function checkFields(def: ProcessDefinition, fields: Fields): Refusal | undefined {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    const field = def.fields.find((f) => f.key === key);
    if (!field) {
      problems.push(`${key}: no such field`);
      continue;
    }
    if (field.type === 'longtext') {
      if (typeof value !== 'object' || value === null || typeof value.text !== 'string')
        problems.push(`${key}: expected the id of a stored text`);
      continue;
    }
    const problem = valueProblem(field.type, value);
    if (problem) problems.push(`${key}: ${problem}`);
    else if (field.type === 'enum' && !field.options!.includes(value as string)) {
      problems.push(`${key}: "${String(value)}" is not one of ${field.options!.join(', ')}`);
    }
  }
  if (problems.length === 0) return undefined;
  return refuse('INVALID_FIELD', `invalid fields: ${problems.join('; ')}`, { problems });
}

const MAX_TEXT = 1000;

function valueProblem(type: string, value: unknown): string | undefined {
  switch (type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'expected a number';
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? undefined : 'expected a date YYYY-MM-DD';
    case 'url':
      return typeof value === 'string' && /^https?:\/\/\S+$/.test(value) && value.length <= MAX_TEXT
        ? undefined
        : 'expected an http(s) URL';
    case 'user':
      return typeof value === 'string' && /^[0-9a-f-]{36}$/.test(value) ? undefined : 'expected a user id';
    default:
      if (typeof value !== 'string') return 'expected text';
      return value.length <= MAX_TEXT ? undefined : `longer than ${MAX_TEXT} characters`;
  }
}

function isEmpty(value: FieldValue | undefined): boolean {
  return value === undefined || value === '';
}

function sameValue(a: FieldValue | undefined, b: FieldValue): boolean {
  if (typeof a === 'object' && typeof b === 'object') return a.text === b.text;
  return a === b;
}

function describeAction(action: RunAction['action']): Record<string, unknown> {
  switch (action.kind) {
    case 'notify':
      return { template: action.template, channels: action.channels, to: action.to };
    case 'integration':
      return { system: action.system, operation: action.operation };
    default:
      return {};
  }
}
