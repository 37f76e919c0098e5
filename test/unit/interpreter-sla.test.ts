// SLA clocks and state timers in the interpreter, with time passed in: which timers a step arms and
// for when, what firing them does, and how a pause keeps the time that was left. The workflow only
// sleeps until nextDeadline and hands the fired timer back (test/integration/timers.test.ts runs a few
// of these end to end on a real server), so the rules themselves are checked here in milliseconds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProcessDefinition } from '../../workflows/process/definition.js';
import { apply, nextDeadline, slaScheduleRequest } from '../../workflows/ticket/interpreter.js';
import type { Input, Outcome, Person, TicketState } from '../../workflows/ticket/model.js';
import { fastItSupport } from '../support/fast-process.js';
import { accepted, agent, coordinator, employee, move, unstartedTicket } from '../support/interpreter.js';

const T0 = Date.UTC(2026, 10, 23, 9);
const SECOND = 1000;

/** A ticket of the fast it-support process (first response: 3 s calendar time, at risk at 50 %;
 * resolution: 4 s business time; resolved closes itself after 2 s), created at T0. */
function created(def: ProcessDefinition = fastItSupport()) {
  const ticket = unstartedTicket(def, { fields: { category: 'access' } });
  return apply(def, { ...ticket, slaCycles: true } as TicketState, {
    type: 'start',
    at: T0,
    actor: { kind: 'person', ...employee },
  });
}

/** Fires the timer that is due first, as the workflow does when its sleep ends. */
function fireNext(def: ProcessDefinition, state: TicketState): Outcome {
  const at = nextDeadline(state);
  assert.ok(at !== undefined, 'a timer is armed');
  const timer = state.timers.find((t) => t.at === at)!;
  return accepted(def, state, { type: 'timer_fired', at, id: timer.id });
}

/** What the calendar activity answers for a business-time clock running around the clock. */
function scheduled(def: ProcessDefinition, state: TicketState, sla: string, at: number): Input {
  const epoch = state.slas[sla]!.epoch;
  const request = slaScheduleRequest(def, state, sla, epoch)!;
  const offset = (ms: number | null) => (ms === null ? null : request.from + ms);
  return {
    type: 'sla_scheduled',
    at,
    sla,
    epoch,
    atRiskAt: offset(request.atRiskOffsetMs),
    deadline: offset(request.breachOffsetMs),
  };
}

const types = (outcome: Outcome) => outcome.events.map((e) => e.type);

describe('SLA clocks and timers in the interpreter', () => {
  it('arms a calendar clock at its start: at risk at half the target, breached at the target', () => {
    const def = fastItSupport();
    const start = created(def);
    assert.deepEqual(
      start.state.timers.filter((t) => t.sla === 'first_response').map((t) => [t.kind, t.at - T0]),
      [
        ['sla_at_risk', 1.5 * SECOND],
        ['sla_breach', 3 * SECOND],
      ],
    );
    assert.equal(start.state.slas.first_response!.deadline, T0 + 3 * SECOND);
    assert.deepEqual(
      start.actions.filter((a) => a.action.kind === 'sla_schedule').map((a) => a.action),
      [],
      'the business-time resolution clock starts only on in_progress',
    );

    const atRisk = fireNext(def, start.state);
    assert.deepEqual(types(atRisk), ['sla_at_risk']);
    assert.equal(atRisk.state.slas.first_response!.atRisk, true);
    const breached = fireNext(def, atRisk.state);
    assert.ok(types(breached).includes('sla_breached'));
    assert.equal(breached.state.slas.first_response!.breached, true);
    assert.deepEqual(
      breached.actions.filter((a) => a.origin === 'sla:first_response:breached').map((a) => a.action.kind),
      ['raise_priority', 'notify'],
      'the breach queues its actions: a priority raise and a notification',
    );
  });

  it('stops a clock on a stopping state and disarms its timers; the other clock runs on', () => {
    const def = fastItSupport();
    const start = created(def);
    const working = accepted(def, start.state, move('start', T0 + SECOND));
    assert.deepEqual(
      working.events.filter((e) => e.type === 'sla_stopped').map((e) => e.data),
      [{ sla: 'first_response', breached: false }],
    );
    assert.equal(working.state.slas.first_response!.status, 'stopped');
    assert.equal(
      working.state.timers.some((t) => t.sla === 'first_response'),
      false,
    );
    assert.equal(working.state.slas.resolution!.status, 'running');
  });

  it('pauses a business clock in a waiting state and resumes it with the time that was left', () => {
    const def = fastItSupport();
    const working = accepted(def, created(def).state, move('start', T0 + SECOND));
    assert.ok(types(working).includes('sla_started'), 'resolution starts on in_progress');
    // Business time asks the calendar activity first: nothing is armed until its answer.
    assert.equal(
      working.state.timers.some((t) => t.sla === 'resolution'),
      false,
    );
    let state = accepted(def, working.state, scheduled(def, working.state, 'resolution', T0 + SECOND)).state;
    assert.deepEqual(
      state.timers.filter((t) => t.sla === 'resolution').map((t) => [t.kind, t.at - T0]),
      [
        ['sla_at_risk', 4 * SECOND], // 75 % of 4 s after the start
        ['sla_breach', 5 * SECOND],
      ],
    );
    const waiting = accepted(def, state, move('ask_requester', T0 + 3 * SECOND, agent, { question: { text: '?' } }));
    assert.ok(types(waiting).includes('sla_paused'));
    assert.equal(waiting.state.slas.resolution!.status, 'paused');
    assert.equal(
      waiting.state.timers.some((t) => t.sla === 'resolution'),
      false,
      'a paused clock has no timer: however long the wait, it does not breach',
    );
    // The calendar activity measures the working time the running stretch took.
    const measure = waiting.actions.find((a) => a.action.kind === 'sla_measure')!.action;
    assert.deepEqual(measure, {
      kind: 'sla_measure',
      sla: 'resolution',
      from: T0 + SECOND,
      to: T0 + 3 * SECOND,
      cycle: 1,
    });
    state = accepted(def, waiting.state, {
      type: 'sla_measured',
      at: T0 + 3 * SECOND,
      sla: 'resolution',
      elapsedMs: 2 * SECOND,
      cycle: 1,
    }).state;
    assert.equal(state.slas.resolution!.remainingMs, 2 * SECOND);

    const back = accepted(def, state, move('requester_replied', T0 + 60 * SECOND, employee));
    assert.ok(types(back).includes('sla_resumed'));
    const resumed = accepted(def, back.state, scheduled(def, back.state, 'resolution', T0 + 60 * SECOND)).state;
    assert.equal(resumed.slas.resolution!.deadline, T0 + 62 * SECOND, 'the 2 s that were left, from the resume');
    assert.deepEqual(
      resumed.timers.filter((t) => t.sla === 'resolution').map((t) => [t.kind, t.at - T0]),
      [
        ['sla_at_risk', 61 * SECOND],
        ['sla_breach', 62 * SECOND],
      ],
    );
  });

  it('ignores a calendar answer for an earlier stretch of the clock', () => {
    const def = fastItSupport();
    const working = accepted(def, created(def).state, move('start', T0 + SECOND)).state;
    const stale = scheduled(def, working, 'resolution', T0 + SECOND);
    const paused = accepted(def, working, move('ask_requester', T0 + 2 * SECOND, agent, { question: { text: '?' } }));
    const after = accepted(def, paused.state, stale);
    assert.equal(
      after.state.timers.some((t) => t.sla === 'resolution'),
      false,
    );
    assert.equal(after.state.slas.resolution!.deadline, null);
  });

  it('arms the state timer of the state entered, and closes a resolved ticket when it fires', () => {
    const def = fastItSupport();
    let state = accepted(def, created(def).state, move('start', T0 + SECOND)).state;
    state = accepted(def, state, move('resolve', T0 + 2 * SECOND, agent, { resolution: { text: 'Done.' } })).state;
    const timer = state.timers.find((t) => t.kind === 'state')!;
    assert.equal(timer.at, T0 + 4 * SECOND, 'two seconds after entering resolved');
    const closed = fireNext(def, state);
    assert.equal(closed.state.state, 'closed');
    const moved = closed.events.find((e) => e.type === 'moved')!;
    assert.equal(moved.data.transition, 'auto_close');
    assert.match(String((moved.actor as { cause?: string }).cause), /^timer:state:/);
  });
});

describe("an SLA clock that stops on staff's first public reply (stopOnStaffReply)", () => {
  // fastItSupport's first_response clock has stopOnStaffReply, as the sample's does; resolution has not.
  const def = fastItSupport();
  const withReplies = (state: TicketState): TicketState => ({ ...state, slaStaffReplies: true });
  const comment = (at: number, actor: Person, visibility: 'public' | 'internal', commentId = `c-${at}`): Input => ({
    type: 'comment',
    at,
    actor,
    commentId,
    visibility,
  });
  const stops = (outcome: Outcome) => outcome.events.filter((e) => e.type === 'sla_stopped').map((e) => e.data);

  it("stops on an agent's public reply in the first state, disarms its timers, and names the reply", () => {
    const start = withReplies(created(def).state);
    const replied = accepted(def, start, comment(T0 + SECOND, agent, 'public', 'c-1'));
    assert.deepEqual(types(replied), ['commented', 'sla_stopped']);
    assert.deepEqual(stops(replied), [{ sla: 'first_response', breached: false, reply: 'c-1' }]);
    assert.equal(replied.state.slas.first_response!.status, 'stopped');
    assert.equal(
      replied.state.timers.some((t) => t.sla === 'first_response'),
      false,
      'no at-risk or breach timer is left',
    );
    assert.equal(replied.state.state, 'new', 'a reply moves nothing');
    // A later reply, and the move out of new, find it stopped: stopped once.
    const again = accepted(def, replied.state, comment(T0 + 2 * SECOND, coordinator, 'public'));
    assert.deepEqual(stops(again), []);
    const working = accepted(def, again.state, move('start', T0 + 3 * SECOND));
    assert.deepEqual(stops(working), []);
    assert.equal(working.state.slas.resolution!.status, 'running', 'resolution starts as before');
  });

  it('keeps a breached clock breached when the late reply stops it', () => {
    let state = withReplies(created(def).state);
    state = fireNext(def, state).state; // at risk
    state = fireNext(def, state).state; // breached
    const replied = accepted(def, state, comment(T0 + 10 * SECOND, agent, 'public', 'late'));
    assert.deepEqual(stops(replied), [{ sla: 'first_response', breached: true, reply: 'late' }]);
  });

  it("runs on through an internal note and the requester's own comments", () => {
    const start = withReplies(created(def).state);
    const note = accepted(def, start, comment(T0 + SECOND, agent, 'internal'));
    const own = accepted(def, note.state, comment(T0 + 2 * SECOND, employee, 'public'));
    assert.deepEqual([...types(note), ...types(own)], ['commented', 'commented']);
    assert.equal(own.state.slas.first_response!.status, 'running');
    assert.deepEqual(
      own.state.timers.filter((t) => t.sla === 'first_response').map((t) => t.kind),
      ['sla_at_risk', 'sla_breach'],
    );
  });

  it('leaves clocks without stopOnStaffReply alone', () => {
    const working = accepted(def, withReplies(created(def).state), move('start', T0 + SECOND));
    const replied = accepted(def, working.state, comment(T0 + 2 * SECOND, agent, 'public'));
    assert.deepEqual(stops(replied), []);
    assert.equal(replied.state.slas.resolution!.status, 'running');
  });

  it('stops nothing on a ticket whose workflow predates the rule (patch sla-stop-on-staff-reply)', () => {
    const replied = accepted(def, created(def).state, comment(T0 + SECOND, agent, 'public'));
    assert.deepEqual(types(replied), ['commented']);
    assert.equal(replied.state.slas.first_response!.status, 'running');
  });

  it('refuses an internal note by the requester and changes nothing: the clock runs on', () => {
    const start = withReplies(created(def).state);
    const refused = apply(def, start, comment(T0 + SECOND, employee, 'internal'));
    assert.equal(refused.refusal?.reason, 'NOT_ALLOWED');
    assert.deepEqual([refused.events, refused.actions], [[], []]);
    assert.equal(refused.state, start, 'the very same state');
  });
});
