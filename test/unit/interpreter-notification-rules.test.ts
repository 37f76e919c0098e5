// The interpreter's notification rules on their own: which timeline events queue a rule's notify
// action, with which origin and actor, and that tickets without the flag (older histories) queue none.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadSampleProcess } from '../../platform/processes/samples.js';
import type { NotificationRule, ProcessDefinition } from '../../workflows/process/definition.js';
import { apply } from '../../workflows/ticket/interpreter.js';
import type { Input, Person, RunAction, TicketState } from '../../workflows/ticket/model.js';
import { agent, coordinator, employee, unstartedTicket } from '../support/interpreter.js';

const sample = loadSampleProcess('it-support') as ProcessDefinition;
const T0 = Date.UTC(2026, 11, 2, 9);

const rule = (on: NotificationRule['on'], more: Partial<NotificationRule> = {}): NotificationRule => ({
  on,
  to: ['requester'],
  channels: ['email'],
  template: `on_${on}`,
  ...more,
});

/** it-support with these rules instead of the sample's. */
const withRules = (...notifications: NotificationRule[]): ProcessDefinition => ({ ...sample, notifications });

function ticket(def: ProcessDefinition, rulesApply = true): TicketState {
  const fresh = unstartedTicket(def);
  return rulesApply ? { ...fresh, notificationRules: true } : fresh;
}

/** Applies the inputs in order and returns the rule actions each one queued. */
function ruleActions(def: ProcessDefinition, inputs: Input[], state = ticket(def)): RunAction[][] {
  return inputs.map((input) => {
    const outcome = apply(def, state, input);
    assert.equal(outcome.refusal, undefined, JSON.stringify(outcome.refusal));
    state = outcome.state;
    return outcome.actions.filter((a) => a.origin.startsWith('rule:'));
  });
}

const start: Input = { type: 'start', at: T0, actor: { kind: 'person', ...employee } };
const roundRobin: Input = { type: 'assigned', at: T0, entry: 1, group: 'service-desk', userId: agent.userId };
const move = (transition: string, actor: Person = agent, fields = {}): Input => ({
  type: 'move',
  at: T0,
  actor,
  transition,
  fields,
});
const comment = (visibility: 'public' | 'internal', actor: Person = agent): Input => ({
  type: 'comment',
  at: T0,
  actor,
  commentId: 'c-1',
  visibility,
});

describe('notification rules in the interpreter', () => {
  it("queues the sample's rules: a public comment, an assignment", () => {
    const [created, assigned, publicComment, internalNote] = ruleActions(sample, [
      start,
      roundRobin,
      comment('public'),
      comment('internal'),
    ]);
    assert.deepEqual(created, []);
    assert.deepEqual(assigned, [
      {
        action: { kind: 'notify', to: ['assignee'], channels: ['push'], template: 'ticket_assigned' },
        entry: 0,
        origin: 'rule:1:assigned',
      },
    ]);
    assert.deepEqual(publicComment, [
      {
        action: {
          kind: 'notify',
          to: ['requester', 'assignee'],
          channels: ['email', 'push'],
          template: 'new_comment',
        },
        entry: 0,
        origin: 'rule:0:commented',
        actor: agent.userId,
      },
    ]);
    assert.deepEqual(internalNote, [], 'an internal note is no comment to tell anyone of');
  });

  it('queues nothing for a ticket whose workflow did not turn rules on', () => {
    const off = ruleActions(sample, [start, roundRobin, comment('public')], ticket(sample, false));
    assert.deepEqual(off, [[], [], []]);
  });

  it('names the person whose act it is, not the system', () => {
    const def = withRules(rule('assigned', { to: ['assignee'] }));
    const [, byRobin, byHand, unassigned] = ruleActions(def, [
      start,
      roundRobin,
      { type: 'reassign', at: T0, actor: coordinator, userId: agent.userId },
      { type: 'reassign', at: T0, actor: coordinator, userId: null },
    ]);
    assert.equal(byRobin?.[0]?.actor, undefined);
    assert.equal(byHand?.[0]?.actor, coordinator.userId);
    assert.deepEqual(unassigned, [], 'nobody to tell of an unassignment');
  });

  it('tells of creation, moves (into the states a rule names), and resolution', () => {
    const def = withRules(
      rule('created'),
      rule('moved'),
      rule('moved', { into: ['waiting_on_requester'] }),
      rule('resolved'),
    );
    const origins = ruleActions(def, [
      start,
      move('start'),
      move('ask_requester', agent, { question: { text: 'q' } }),
      move('withdraw', employee),
    ]).map((queued) => queued.map((a) => a.origin));
    assert.deepEqual(origins, [
      ['rule:0:created'],
      ['rule:1:moved'],
      ['rule:1:moved', 'rule:2:moved'],
      ['rule:1:moved', 'rule:3:resolved'],
    ]);
  });

  it('tells of an SLA at risk and breached', () => {
    const def = withRules(rule('sla_at_risk'), rule('sla_breached'));
    let state = apply(def, ticket(def), start).state;
    const clock = (s: TicketState) => s.timers.filter((t) => t.kind === 'sla_at_risk' || t.kind === 'sla_breach');
    state = apply(def, state, {
      type: 'sla_scheduled',
      at: T0,
      sla: 'first_response',
      epoch: state.slas.first_response!.epoch,
      atRiskAt: T0 + 1000,
      deadline: T0 + 2000,
    }).state;
    const origins = clock(state).map((timer) => {
      const outcome = apply(def, state, { type: 'timer_fired', at: timer.at, id: timer.id });
      state = outcome.state;
      return outcome.actions.filter((a) => a.origin.startsWith('rule:')).map((a) => [a.origin, a.actor]);
    });
    assert.deepEqual(origins, [[['rule:0:sla_at_risk', undefined]], [['rule:1:sla_breached', undefined]]]);
  });
});
