// The requester's reply in the interpreter: a public comment by the ticket's requester in a state with
// `onRequesterReply` takes that transition, as the requester, and the timeline says the reply took it;
// anything else (another state, an internal note, staff's comments, a ticket from before the rule)
// only records the comment, and a refused comment changes nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadSampleProcess } from '../../platform/processes/samples.js';
import type { ProcessDefinition } from '../../workflows/process/definition.js';
import { apply } from '../../workflows/ticket/interpreter.js';
import type { Input, Person, TicketState } from '../../workflows/ticket/model.js';
import { accepted, agent, employee, move, unstartedTicket } from '../support/interpreter.js';

const T0 = Date.UTC(2026, 11, 7, 9);
const def = loadSampleProcess('it-support') as ProcessDefinition;

/** An it-support ticket waiting on its requester, its workflow with the rule (patch requester-reply-moves)
 * unless `patched` is false. */
function waiting(patched = true): TicketState {
  const ticket = unstartedTicket(def);
  let state = accepted(
    def,
    { ...ticket, ...(patched && { requesterReplies: true }) },
    {
      type: 'start',
      at: T0,
      actor: { kind: 'person', ...employee },
    },
  ).state;
  state = accepted(def, state, move('start', T0 + 1)).state;
  state = accepted(def, state, move('ask_requester', T0 + 2, agent, { question: { text: 'q-1' } })).state;
  assert.equal(state.state, 'waiting_on_requester');
  return state;
}

const comment = (actor: Person, visibility: 'public' | 'internal', commentId = 'c-1'): Input => ({
  type: 'comment',
  at: T0 + 10,
  actor,
  commentId,
  visibility,
});

describe("the requester's reply (onRequesterReply)", () => {
  it("takes the state's transition back to work, as the requester, caused by the reply", () => {
    const before = waiting();
    const replied = accepted(def, before, comment(employee, 'public', 'reply-1'));
    assert.equal(replied.state.state, 'in_progress');
    assert.equal(replied.state.category, 'active');
    assert.deepEqual(
      replied.events.slice(0, 3).map((e) => [e.type, e.actor, e.data]),
      [
        [
          'commented',
          { kind: 'person', userId: employee.userId, role: 'EMPLOYEE' },
          { commentId: 'reply-1', visibility: 'public' },
        ],
        [
          'moved',
          { kind: 'person', userId: employee.userId, role: 'EMPLOYEE' },
          { transition: 'requester_replied', from: 'waiting_on_requester', to: 'in_progress', reply: 'reply-1' },
        ],
        [
          'entered',
          { kind: 'person', userId: employee.userId, role: 'EMPLOYEE' },
          { state: 'in_progress', category: 'active' },
        ],
      ],
    );
    assert.equal(replied.state.version, before.version + 1, 'entering a state is a change a move must see');
    assert.ok(
      replied.actions.some((a) => a.origin === 'state:in_progress'),
      "in_progress's entry actions run, as on a move by hand",
    );
    assert.equal(replied.state.automatic, undefined, 'a person moved it: no run of automatic transitions');
  });

  it('counts staff of another group who asked for the ticket as its requester, not as staff replying', () => {
    const engineer: Person = { userId: '00000000-0000-0000-0000-0000000000e9', role: 'AGENT', groups: ['engineering'] };
    const desk: Person = { ...agent, groups: ['service-desk'] };
    const ticket = { ...unstartedTicket(def, { by: engineer }), requesterReplies: true, slaStaffReplies: true };
    let state = accepted(def, ticket, { type: 'start', at: T0, actor: { kind: 'person', ...engineer } }).state;
    const early = accepted(def, state, comment(engineer, 'public', 'early'));
    assert.deepEqual(
      early.events.map((e) => e.type),
      ['commented'],
    );
    assert.equal(early.state.slas.first_response!.status, 'running', "the requester's reply is no first response");
    state = accepted(def, early.state, move('start', T0 + 1, desk)).state;
    state = accepted(def, state, move('ask_requester', T0 + 2, desk, { question: { text: 'q-1' } })).state;
    const replied = accepted(def, state, comment(engineer, 'public', 'from-engineering'));
    assert.equal(replied.state.state, 'in_progress', 'their reply takes the ticket back to work');
  });

  it('moves nothing on a reply in a state without the rule', () => {
    const ticket = accepted(
      def,
      { ...unstartedTicket(def), requesterReplies: true },
      {
        type: 'start',
        at: T0,
        actor: { kind: 'person', ...employee },
      },
    ).state;
    const working = accepted(def, ticket, move('start', T0 + 1)).state;
    const replied = accepted(def, working, comment(employee, 'public'));
    assert.deepEqual(
      replied.events.map((e) => e.type),
      ['commented'],
    );
    assert.equal(replied.state.state, 'in_progress');
  });

  it("moves nothing on staff's public reply or internal note while waiting", () => {
    const before = waiting();
    const reply = accepted(def, before, comment(agent, 'public'));
    const note = accepted(def, reply.state, comment(agent, 'internal', 'c-2'));
    assert.deepEqual(
      [...reply.events, ...note.events].map((e) => e.type),
      ['commented', 'commented'],
    );
    assert.equal(note.state.state, 'waiting_on_requester');
  });

  it('moves nothing on a ticket whose workflow predates the rule (patch requester-reply-moves)', () => {
    const replied = accepted(def, waiting(false), comment(employee, 'public'));
    assert.deepEqual(
      replied.events.map((e) => e.type),
      ['commented'],
    );
    assert.equal(replied.state.state, 'waiting_on_requester');
  });

  it("refuses the requester's internal note and a stranger's reply, and changes nothing", () => {
    const before = waiting();
    const stranger: Person = { userId: '00000000-0000-0000-0000-0000000000ff', role: 'EMPLOYEE' };
    for (const input of [comment(employee, 'internal'), comment(stranger, 'public')]) {
      const refused = apply(def, before, input);
      assert.equal(refused.refusal?.reason, 'NOT_ALLOWED');
      assert.deepEqual([refused.events, refused.actions], [[], []]);
      assert.equal(refused.state, before, 'the very same state');
    }
  });

  it('moves nothing when a definition published unchecked names a transition the requester may not take', () => {
    const unchecked = structuredClone(def);
    unchecked.states.find((s) => s.key === 'waiting_on_requester')!.onRequesterReply = 'resolve';
    const replied = accepted(unchecked, waiting(), comment(employee, 'public'));
    assert.deepEqual(
      replied.events.map((e) => e.type),
      ['commented'],
    );
  });
});
