// Validation of the rules that public comments drive: a state's `onRequesterReply` transition and an
// SLA clock's `stopOnStaffReply`. Good ones pass; each bad one is reported with the exact path of the
// offending value, like every other rule of the language, and the editors' JSON Schema describes both.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { processDefinition } from '../../workflows/process/definition.js';
import { validateDefinition } from '../../workflows/process/validate.js';
import { assertProblem, base, groups, problems } from '../support/validation.js';

// base(): states open, working, waiting (index 2), done; `resume` leaves waiting for working, by the requester.
describe("a state's onRequesterReply", () => {
  it('accepts a transition that leaves the state and that the requester may take', () => {
    const def = base();
    def.states[2]!.onRequesterReply = 'resume';
    assert.deepEqual(validateDefinition(def, { groups }), { ok: true, definition: def });
  });

  it('refuses an unknown transition', () => {
    assertProblem(
      problems((d) => (d.states[2]!.onRequesterReply = 'vanish')),
      'states[2].onRequesterReply',
      /unknown transition "vanish"/,
    );
  });

  it('refuses a transition that does not leave the state', () => {
    assertProblem(
      problems((d) => (d.states[1]!.onRequesterReply = 'resume')),
      'states[1].onRequesterReply',
      /transition "resume" does not leave state "working"/,
    );
  });

  it('refuses a transition the requester may not take', () => {
    assertProblem(
      problems((d) => {
        d.transitions.push({ key: 'agent_resume', label: 'Resume', from: ['waiting'], to: 'working', by: ['AGENT'] });
        d.states[2]!.onRequesterReply = 'agent_resume';
      }),
      'states[2].onRequesterReply',
      /transition "agent_resume" is taken by the requester's reply, so its "by" must include requester/,
    );
  });

  it('refuses a transition that requires fields, which a reply cannot supply', () => {
    assertProblem(
      problems((d) => {
        d.transitions[2]!.requires = ['answer', 'kind'];
        d.states[2]!.onRequesterReply = 'resume';
      }),
      'states[2].onRequesterReply',
      /transition "resume" requires answer, kind, which a reply cannot supply/,
    );
  });

  it('refuses a value that is not a transition key', () => {
    assertProblem(
      problems((d) => Object.assign(d.states[2]!, { onRequesterReply: ['resume'] })),
      'states[2].onRequesterReply',
      /expected string/,
    );
  });
});

describe("an SLA clock's stopOnStaffReply", () => {
  it('accepts true and false', () => {
    for (const stop of [true, false]) {
      const def = base();
      def.slas![0]!.stopOnStaffReply = stop;
      assert.deepEqual(validateDefinition(def, { groups }), { ok: true, definition: def });
    }
  });

  it('refuses anything but a boolean', () => {
    assertProblem(
      problems((d) => Object.assign(d.slas![0]!, { stopOnStaffReply: 'firstStaffReply' })),
      'slas[0].stopOnStaffReply',
      /must be true or false/,
    );
  });
});

describe("the editors' JSON Schema", () => {
  it('describes both, for completion and hover help', () => {
    const schema = z.toJSONSchema(processDefinition, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
    type Node = { properties: Record<string, { type?: string; description?: string; items?: Node }> };
    const root = schema as unknown as Node;
    const state = root.properties.states!.items!.properties;
    const sla = root.properties.slas!.items!.properties;
    assert.equal(state.onRequesterReply?.type, 'string');
    assert.match(String(state.onRequesterReply?.description), /requester adds a public comment/);
    assert.equal(sla.stopOnStaffReply?.type, 'boolean');
    assert.match(String(sla.stopOnStaffReply?.description), /first public reply by staff/);
  });
});
