// SLA clocks: they start, pause in waiting states, resume with the time that was left, stop, and arm
// one timer per threshold still ahead. Pure functions over one interpreter step; business-time clocks
// ask the calendar activity for their deadlines through an `sla_schedule` action.
import { durationMs } from '../process/duration.js';
import type { ProcessDefinition, SlaDefinition, StateDefinition } from '../process/definition.js';
import type { Actor, WorkflowEventData } from './events.js';
import type { SlaClock, TicketState } from './model.js';
import type { Step } from './step.js';

/**
 * Starts, pauses, resumes and stops SLA clocks on entering a state.
 *
 * A stopped clock starts again, as a new cycle with its full target, when the ticket enters one of its
 * startOn states again (resolved → reopen → in_progress restarts the resolution clock); the earlier
 * cycle stays on the timeline. Only startOn restarts it: those are the states where the process says
 * the clock's work begins. Restarting on any state after a stop would restart clocks that stopped by
 * ordinary progress (first response stops on in_progress: a later move to waiting must not start it
 * again), and a reopen that skips the startOn states keeps the clock stopped, as the author chose.
 * Tickets whose workflow predates the rule (no `slaCycles`) keep their stopped clocks stopped.
 */
export function updateClocks(step: Step, target: StateDefinition): void {
  for (const sla of step.def.slas ?? []) {
    const clock = step.state.slas[sla.key];
    if (!clock) {
      if (sla.startOn.includes(target.key)) startClock(step, sla);
      continue;
    }
    if (clock.status === 'stopped') {
      if (step.state.slaCycles && sla.startOn.includes(target.key)) startClock(step, sla, clock);
      continue;
    }
    if (sla.stopOn.includes(target.key) || target.category === 'done') {
      changeClock(step, sla, { status: 'stopped' }, 'sla_stopped', { sla: sla.key, breached: clock.breached });
      continue;
    }
    const pauseIn = sla.pauseIn ?? step.def.states.filter((st) => st.category === 'waiting').map((st) => st.key);
    const pause = pauseIn.includes(target.key);
    if (clock.status === 'running' && pause)
      changeClock(step, sla, { status: 'paused' }, 'sla_paused', { sla: sla.key });
    else if (clock.status === 'paused' && !pause)
      changeClock(step, sla, { status: 'running', runningSince: step.at }, 'sla_resumed', { sla: sla.key });
  }
}

/** Stops every clock that stops on staff's first public reply (`stopOnStaffReply`) and has not stopped
 * yet: the reply (comment `reply`) is the first response. A clock restarted later (a new cycle) waits for
 * a reply of its own. */
export function stopClocksOnStaffReply(step: Step, reply: string): void {
  for (const sla of step.def.slas ?? []) {
    const clock = step.state.slas[sla.key];
    if (!sla.stopOnStaffReply || !clock || clock.status === 'stopped') continue;
    changeClock(step, sla, { status: 'stopped' }, 'sla_stopped', { sla: sla.key, breached: clock.breached, reply });
  }
}

/** Starts a clock's first cycle, or the cycle after `stopped`: its epoch goes on, so nothing computed
 * for the earlier cycle applies to the new one. */
function startClock(step: Step, sla: SlaDefinition, stopped?: SlaClock): void {
  const cycle = stopped ? (stopped.cycle ?? 1) + 1 : 1;
  const clock: SlaClock = {
    status: 'running',
    remainingMs: durationMs(sla.target)!,
    runningSince: step.at,
    epoch: stopped ? stopped.epoch + 1 : 1,
    deadline: null,
    atRisk: false,
    breached: false,
    cycle,
  };
  step.state.slas = { ...step.state.slas, [sla.key]: clock };
  step.event(
    'sla_started',
    { kind: 'system', cause: `sla:${sla.key}` },
    { sla: sla.key, target: sla.target, time: sla.time, cycle },
  );
  schedule(step, sla, clock);
}

/** Moves a clock to a new status: a stretch of running time ends, a new epoch begins, its timers go. */
function changeClock<K extends 'sla_stopped' | 'sla_paused' | 'sla_resumed'>(
  step: Step,
  sla: SlaDefinition,
  change: Partial<SlaClock>,
  type: K,
  data: WorkflowEventData[K],
): void {
  const old = step.state.slas[sla.key]!;
  let remainingMs = old.remainingMs;
  if (old.status === 'running' && old.runningSince !== null && change.status !== 'running') {
    if (sla.time === 'calendar') remainingMs -= step.at - old.runningSince;
    else if (change.status === 'paused')
      step.actions.push({
        action: { kind: 'sla_measure', sla: sla.key, from: old.runningSince, to: step.at, cycle: old.cycle ?? 1 },
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
  step.state.slas = { ...step.state.slas, [sla.key]: clock };
  step.state.timers = step.state.timers.filter((t) => t.sla !== sla.key);
  step.event(type, { kind: 'system', cause: `sla:${sla.key}` }, data);
  if (clock.status === 'running') schedule(step, sla, clock);
}

/** Calendar clocks arm their timers at once; business clocks ask the calendar activity first. */
function schedule(step: Step, sla: SlaDefinition, clock: SlaClock): void {
  if (sla.time === 'business') {
    step.actions.push({
      action: { kind: 'sla_schedule', sla: sla.key, epoch: clock.epoch },
      entry: 0,
      origin: `sla:${sla.key}`,
    });
    return;
  }
  const offsets = thresholdOffsets(sla, clock);
  const from = clock.runningSince!;
  slaScheduled(
    step,
    sla.key,
    clock.epoch,
    offsets.atRisk === null ? null : from + offsets.atRisk,
    offsets.breach === null ? null : from + offsets.breach,
  );
}

export function slaScheduled(
  step: Step,
  key: string,
  epoch: number,
  atRiskAt: number | null,
  deadline: number | null,
): void {
  const clock = step.state.slas[key];
  if (!clock || clock.epoch !== epoch || clock.status !== 'running') return; // stale: the clock moved on
  step.state.slas = { ...step.state.slas, [key]: { ...clock, deadline } };
  step.state.timers = step.state.timers.filter((t) => t.sla !== key);
  if (atRiskAt !== null)
    step.state.timers.push({
      id: `sla:${key}:${epoch}:at_risk`,
      at: atRiskAt,
      kind: 'sla_at_risk',
      entry: 0,
      sla: key,
    });
  if (deadline !== null)
    step.state.timers.push({
      id: `sla:${key}:${epoch}:breach`,
      at: deadline,
      kind: 'sla_breach',
      entry: 0,
      sla: key,
    });
}

export function slaThreshold(step: Step, key: string, kind: 'sla_at_risk' | 'sla_breach'): void {
  const sla = step.def.slas!.find((c) => c.key === key)!;
  const clock = step.state.slas[key]!;
  const actor: Actor = { kind: 'system', cause: `sla:${key}` };
  if (kind === 'sla_at_risk') {
    step.state.slas = { ...step.state.slas, [key]: { ...clock, atRisk: true } };
    step.event('sla_at_risk', actor, { sla: key });
    step.queue(sla.atRisk?.actions ?? [], 0, `sla:${key}:at_risk`);
  } else {
    step.state.slas = { ...step.state.slas, [key]: { ...clock, atRisk: true, breached: true } };
    step.event('sla_breached', actor, { sla: key });
    step.queue(sla.breached?.actions ?? [], 0, `sla:${key}:breached`);
  }
}

/** Working time measured for a clock that just paused: it comes off the time left, unless a new cycle
 * (with its full target) began meanwhile. */
export function slaMeasured(step: Step, key: string, elapsedMs: number, cycle: number | undefined): void {
  const clock = step.state.slas[key];
  if (!clock || (cycle !== undefined && cycle !== (clock.cycle ?? 1))) return;
  step.state.slas = { ...step.state.slas, [key]: { ...clock, remainingMs: clock.remainingMs - elapsedMs } };
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
