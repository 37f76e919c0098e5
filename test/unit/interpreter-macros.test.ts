// Macros in the interpreter: a reply, field values, the priority and a transition applied as one input,
// in that order, each with the checks of the single change it stands for; when any part is refused,
// nothing changes and the refusal names the part (details.part) and says why, in words.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadSampleProcess } from '../../platform/processes/samples.js';
import type { ProcessDefinition } from '../../workflows/process/definition.js';
import { apply, check } from '../../workflows/ticket/interpreter.js';
import type { Input, MacroRequest, TicketState } from '../../workflows/ticket/model.js';
import { accepted, agent, coordinator, employee, move, unstartedTicket } from '../support/interpreter.js';

const T0 = Date.UTC(2026, 11, 7, 9);
const def = loadSampleProcess('it-support') as ProcessDefinition;

/** An it-support ticket in `in_progress` (or still `new`), with the staff-only fields rule. */
function ticket(started = true): TicketState {
  let state = accepted(
    def,
    { ...unstartedTicket(def), staffOnlyFields: true },
    { type: 'start', at: T0, actor: { kind: 'person', ...employee } },
  ).state;
  if (started) state = accepted(def, state, move('start', T0 + 1)).state;
  return state;
}

const macro = (request: Partial<MacroRequest>): Input => ({
  type: 'macro',
  at: T0 + 10,
  actor: coordinator,
  name: 'Resolve with a note',
  ...request,
});

const resolveAll: Partial<MacroRequest> = {
  reply: { commentId: 'c-1', visibility: 'public' },
  fields: { resolution: { text: 'r-1' } },
  priority: 'low',
  transition: 'resolve',
};

describe('macros', () => {
  it('applies every part, in order: reply, fields, priority, transition', () => {
    const before = ticket();
    const outcome = accepted(def, before, macro(resolveAll));
    assert.deepEqual(
      outcome.events
        .map((e) => e.type)
        .filter((t) => ['commented', 'fields_set', 'priority_changed', 'moved'].includes(t)),
      ['commented', 'fields_set', 'priority_changed', 'moved'],
    );
    assert.equal(outcome.state.state, 'resolved');
    assert.equal(outcome.state.priority, 'low');
    assert.deepEqual(outcome.state.fields.resolution, { text: 'r-1' });
    // One event sequence, continuing the ticket's.
    assert.deepEqual(
      outcome.events.map((e) => e.seq),
      outcome.events.map((_, i) => before.seq + i + 1),
    );
  });

  it('a reply alone is a comment: the version does not move', () => {
    const before = ticket();
    const outcome = accepted(def, before, macro({ reply: { commentId: 'c-2', visibility: 'internal' } }));
    assert.deepEqual(
      outcome.events.map((e) => e.type),
      ['commented'],
    );
    assert.equal(outcome.state.version, before.version);
  });

  const refusals: [string, Partial<MacroRequest>, TicketState, string, RegExp][] = [
    [
      'the reply (an employee may not write internal notes)',
      { ...resolveAll, actor: employee, reply: { commentId: 'c-3', visibility: 'internal' } },
      ticket(),
      'reply',
      /^The macro “Resolve with a note” was not applied: Only agents, coordinators and admins write internal comments$/,
    ],
    [
      'the fields (an unknown field)',
      { ...resolveAll, fields: { nonsense: 'x' } },
      ticket(),
      'fields',
      /^The macro “Resolve with a note” was not applied: /,
    ],
    [
      'the priority (agents do not set it)',
      { ...resolveAll, actor: agent },
      ticket(),
      'priority',
      /^The macro “Resolve with a note” was not applied: Only coordinators and admins set the priority$/,
    ],
    [
      'the transition (not from this state)',
      resolveAll,
      ticket(false),
      'transition',
      /^The macro “Resolve with a note” was not applied: Resolve cannot be done while this ticket is New$/,
    ],
  ];
  for (const [what, request, before, part, words] of refusals) {
    it(`refused at ${what}: nothing changes, the part is named`, () => {
      const input = macro(request);
      const outcome = apply(def, before, input);
      assert.ok(outcome.refusal, 'refused');
      assert.equal(outcome.refusal.details?.part, part);
      assert.match(outcome.refusal.message, words);
      assert.equal(outcome.state, before, 'the state is the one before');
      assert.deepEqual(outcome.events, []);
      assert.deepEqual(outcome.actions, []);
      // The update's validator says the same before anything is written.
      assert.deepEqual(check(def, before, input), outcome.refusal);
    });
  }

  it('a stale version refuses the whole macro before any part', () => {
    const before = ticket();
    const outcome = apply(def, before, macro({ ...resolveAll, expectedVersion: before.version - 1 }));
    assert.equal(outcome.refusal?.reason, 'STALE_VERSION');
    assert.deepEqual(outcome.events, []);
  });

  it('a macro of no parts is refused', () => {
    const outcome = apply(def, ticket(), macro({}));
    assert.equal(outcome.refusal?.reason, 'NOT_ALLOWED');
    assert.match(outcome.refusal.message, /: It has nothing to apply$/);
  });
});
