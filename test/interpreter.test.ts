// The interpreter on its own: no Temporal, no database, time passed in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadSampleProcess } from '../api/processes/samples.js';
import type { ProcessDefinition } from '../workflows/process/definition.js';
import {
  apply,
  exceedsAutomaticSteps,
  isFinished,
  MAX_AUTOMATIC_STEPS,
  newTicket,
  nextDeadline,
} from '../workflows/ticket/interpreter.js';
import type { Input, Person, TicketState } from '../workflows/ticket/model.js';
import { runawayProcess } from './support/runaway-process.js';

const itSupport = loadSampleProcess('it-support') as ProcessDefinition;
const requester = { id: 'r-1', userId: '00000000-0000-0000-0000-00000000000e' };
const agent: Person = { userId: '00000000-0000-0000-0000-00000000000a', role: 'AGENT' };
const employee: Person = { userId: requester.userId, role: 'EMPLOYEE' };
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 23, 9);

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** Applies inputs in order (each must be accepted) and returns the final outcome. */
function run(def: ProcessDefinition, inputs: Input[], from?: TicketState) {
  let state =
    from ??
    newTicket({
      ticketId: 't-1',
      number: 'IT-000001',
      process: { key: def.key, version: 1, definition: def },
      requester,
      fields: { category: 'hardware' },
      createdBy: { kind: 'person', ...employee },
    });
  let last = apply(def, state, { type: 'start', at: T0, actor: { kind: 'person', ...employee } });
  if (from) last = { state, events: [], actions: [] };
  state = last.state;
  for (const input of inputs) {
    last = apply(def, deepFreeze(state), input);
    assert.equal(last.refusal, undefined, `refused: ${JSON.stringify(last.refusal)}`);
    state = last.state;
  }
  return last;
}

const move = (transition: string, at: number, actor: Person = agent, fields = {}): Input => ({
  type: 'move',
  at,
  actor,
  transition,
  fields,
});

describe('interpreter', () => {
  it('enters the initial state and queues its actions in order', () => {
    const { state, events, actions } = run(itSupport, []);
    assert.equal(state.state, 'new');
    assert.deepEqual(
      events.map((e) => [e.seq, e.type]),
      [
        [1, 'created'],
        [2, 'entered'],
        [3, 'sla_started'],
      ],
    );
    assert.deepEqual(
      actions.map((a) => [a.action.kind, a.entry, a.origin]),
      [
        ['assign', 1, 'state:new'],
        ['notify', 1, 'state:new'],
        ['sla_schedule', 0, 'sla:first_response'],
      ],
    );
    assert.equal(state.version, 2);
  });

  it('moves between states and arms the state timer of the target, disarming it on leaving', () => {
    const resolved = run(itSupport, [
      move('start', T0 + HOUR),
      move('resolve', T0 + 2 * HOUR, agent, { resolution: { text: 'txt-1' } }),
    ]);
    assert.equal(resolved.state.state, 'resolved');
    assert.deepEqual(resolved.state.timers, [
      { id: 'state:3:0', at: T0 + 2 * HOUR + 72 * HOUR, kind: 'state', entry: 3, transition: 'auto_close' },
    ]);
    assert.equal(nextDeadline(resolved.state), T0 + 74 * HOUR);
    const reopened = run(itSupport, [move('reopen', T0 + 3 * HOUR, employee)], resolved.state);
    assert.deepEqual(reopened.state.timers, []);
  });

  it('fires an armed timer and ignores one that was disarmed', () => {
    const resolved = run(itSupport, [move('start', T0), move('resolve', T0, agent, { resolution: { text: 'x' } })]);
    const stale = apply(itSupport, resolved.state, { type: 'timer_fired', at: T0 + 80 * HOUR, id: 'state:1:0' });
    assert.deepEqual(stale.events, []);
    const fired = apply(itSupport, resolved.state, { type: 'timer_fired', at: T0 + 72 * HOUR, id: 'state:3:0' });
    assert.equal(fired.state.state, 'closed');
    assert.deepEqual(fired.events[0]!.actor, { kind: 'system', cause: 'timer:state:3:0' });
    assert.ok(isFinished(fired.state));
  });

  it('keeps a done ticket alive for its reopen window', () => {
    const def: ProcessDefinition = {
      ...itSupport,
      reopenWindow: 'P7D',
      transitions: [
        ...itSupport.transitions,
        { key: 'revive', label: 'Revive', from: ['closed'], to: 'in_progress', by: ['requester'] },
      ],
    };
    const closed = run(def, [
      move('start', T0),
      move('resolve', T0, agent, { resolution: { text: 'x' } }),
      move('close', T0 + HOUR, employee),
    ]);
    assert.equal(isFinished(closed.state), false);
    const window = closed.state.timers.find((t) => t.kind === 'reopen_window')!;
    assert.equal(window.at, T0 + HOUR + 7 * 24 * HOUR);
    const expired = apply(def, closed.state, { type: 'timer_fired', at: window.at, id: window.id });
    assert.ok(isFinished(expired.state));
    const revived = apply(def, closed.state, move('revive', T0 + 2 * HOUR, employee));
    assert.equal(revived.state.state, 'in_progress');
  });

  it('refuses every change to a finished ticket', () => {
    const closed = run(itSupport, [
      move('start', T0),
      move('resolve', T0, agent, { resolution: { text: 'x' } }),
      move('close', T0, employee),
    ]);
    assert.equal(apply(itSupport, closed.state, move('reopen', T0, employee)).refusal?.reason, 'TICKET_CLOSED');
    assert.equal(
      apply(itSupport, closed.state, { type: 'set_priority', at: T0, actor: agent, priority: 'high' }).refusal?.reason,
      'TICKET_CLOSED',
    );
  });

  it('raises priority one step at a time, up to urgent', () => {
    let state = run(itSupport, []).state;
    const raise = {
      type: 'action',
      at: T0,
      run: { action: { kind: 'raise_priority' }, entry: 0, origin: 'sla:first_response' },
    } as const;
    const seen = [];
    for (let i = 0; i < 4; i++) {
      state = apply(itSupport, state, raise).state;
      seen.push(state.priority);
    }
    assert.deepEqual(seen, ['high', 'urgent', 'urgent', 'urgent']);
  });

  it('skips a transition action whose state was left meanwhile', () => {
    const def = structuredClone(itSupport);
    def.transitions.find((t) => t.key === 'start')!.by.push('system');
    const started = run(def, [move('start', T0)]);
    const late = apply(def, started.state, {
      type: 'action',
      at: T0,
      run: { action: { kind: 'transition', transition: 'start' }, entry: 1, origin: 'state:new' },
    });
    assert.deepEqual(
      late.events.map((e) => [e.type, e.data.reason]),
      [['action_skipped', 'state_changed']],
    );
  });

  it('counts automatic transitions in a row and records where a halted run went', () => {
    let outcome = run(runawayProcess, [move('start', T0)]);
    let steps = 0;
    for (;;) {
      const next = outcome.actions.find((a) => a.action.kind === 'transition')!;
      if (exceedsAutomaticSteps(runawayProcess, outcome.state, next)) break;
      outcome = apply(runawayProcess, outcome.state, { type: 'action', at: T0, run: next });
      steps += 1;
      assert.ok(steps <= MAX_AUTOMATIC_STEPS, 'the run is cut at the limit');
    }
    assert.equal(steps, MAX_AUTOMATIC_STEPS);
    const halted = apply(runawayProcess, outcome.state, { type: 'automation_halted', at: T0, dropped: ['to_b'] });
    assert.deepEqual(
      halted.events.map((e) => [e.type, e.data.limit, (e.data.path as string[]).length, e.data.dropped]),
      [['automation_halted', MAX_AUTOMATIC_STEPS, MAX_AUTOMATIC_STEPS + 1, ['to_b']]],
    );
    assert.equal(halted.state.automatic, undefined, 'the next run counts afresh');
    assert.equal(halted.state.state, 'a');
    const moved = apply(runawayProcess, outcome.state, move('finish', T0));
    assert.equal(moved.state.automatic, undefined, 'a person moving the ticket ends the run');
  });

  it('records an assignment, or why there was none', () => {
    const start = run(itSupport, []).state;
    const assigned = apply(itSupport, start, {
      type: 'assigned',
      at: T0,
      entry: 1,
      group: 'service-desk',
      userId: agent.userId,
    });
    assert.equal(assigned.state.assignee, agent.userId);
    const none = apply(itSupport, start, {
      type: 'assigned',
      at: T0,
      entry: 1,
      group: 'service-desk',
      userId: null,
      reason: 'no_active_member',
    });
    assert.deepEqual(
      none.events.map((e) => [e.type, e.data.reason]),
      [['assignment_skipped', 'no_active_member']],
    );
    assert.equal(none.state.version, start.version, 'a skipped assignment changes nothing a person decides on');
  });

  it('applies a signal once per idempotency key', () => {
    const waiting = run(itSupport, [move('start', T0), move('ask_requester', T0, agent, { question: { text: 'q' } })]);
    const signal: Input = {
      type: 'signal',
      at: T0,
      name: 'requester.replied',
      payload: { message: 'hi' },
      idempotencyKey: 'k1',
      source: 'mail',
    };
    const first = apply(itSupport, waiting.state, signal);
    assert.equal(first.state.state, 'in_progress');
    const again = apply(itSupport, first.state, signal);
    assert.deepEqual([again.duplicate, again.events.length, again.state], [true, 0, first.state]);
  });

  it('starts a new cycle of a stopped SLA clock, with its full target, when its start state is entered again', () => {
    const ticket = newTicket({
      ticketId: 't-1',
      number: 'IT-000001',
      process: { key: itSupport.key, version: 1, definition: itSupport },
      requester,
      fields: { category: 'hardware' },
      createdBy: { kind: 'person', ...employee },
    });
    const created = apply(itSupport, { ...ticket, slaCycles: true } as TicketState, {
      type: 'start',
      at: T0,
      actor: { kind: 'person', ...employee },
    }).state;
    const resolved = run(
      itSupport,
      [move('start', T0 + HOUR), move('resolve', T0 + 2 * HOUR, agent, { resolution: { text: 'x' } })],
      created,
    ).state;
    const before = resolved.slas.resolution!;
    assert.equal(before.status, 'stopped');

    const reopened = apply(itSupport, resolved, move('reopen', T0 + 3 * HOUR, employee));
    const started = reopened.events.filter((e) => e.type === 'sla_started');
    assert.deepEqual(
      started.map((e) => e.data),
      [{ sla: 'resolution', target: 'PT30H', time: 'business', cycle: 2 }],
      'only the resolution clock restarts: first_response does not start on in_progress',
    );
    const clock = reopened.state.slas.resolution!;
    assert.equal(clock.status, 'running');
    assert.equal(clock.remainingMs, 30 * HOUR, 'the full target');
    assert.deepEqual([clock.atRisk, clock.breached, clock.runningSince], [false, false, T0 + 3 * HOUR]);
    assert.ok(clock.epoch > before.epoch, 'deadlines computed for the earlier cycle are ignored');
    assert.deepEqual(
      reopened.actions.filter((a) => a.action.kind === 'sla_schedule').map((a) => a.action),
      [{ kind: 'sla_schedule', sla: 'resolution', epoch: clock.epoch }],
    );
    assert.equal(reopened.state.slas.first_response!.status, 'stopped');

    // Tickets whose workflow started before the rule keep the old one: a stopped clock stays stopped.
    const old = run(itSupport, [
      move('start', T0 + HOUR),
      move('resolve', T0 + 2 * HOUR, agent, { resolution: { text: 'x' } }),
      move('reopen', T0 + 3 * HOUR, employee),
    ]);
    assert.equal(old.state.slas.resolution!.status, 'stopped');
    assert.deepEqual(
      old.events.filter((e) => e.type.startsWith('sla_')),
      [],
    );
  });

  it('never mutates the state it is given', () => {
    const frozen = deepFreeze(run(itSupport, []).state);
    assert.doesNotThrow(() => apply(itSupport, frozen, move('start', T0)));
  });
});
