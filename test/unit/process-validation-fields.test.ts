// The rules of a field's audiences (visibleTo, editableBy): known roles, each once, nobody setting what
// they cannot see, a field required on submit that the requester may set, and no message that sends a
// field hidden from the requester to them. Each asserts the exact path of the problem.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProcessDefinition } from '../../workflows/process/definition.js';
import { validateDefinition } from '../../workflows/process/validate.js';
import { assertProblem, base, groups, problems } from '../support/validation.js';

const STAFF = ['AGENT', 'COORDINATOR', 'ADMIN'] as const;

/** The base definition with its `answer` field changed. */
function withAnswer(change: Partial<ProcessDefinition['fields'][number]>): ProcessDefinition {
  const def = base();
  Object.assign(def.fields[0]!, change);
  return def;
}

describe('process definition validation: who sees and sets a field', () => {
  it('accepts staff-only fields, fields only the process sets, and the defaults', () => {
    for (const change of [
      { visibleTo: [...STAFF] },
      { visibleTo: [...STAFF], editableBy: ['COORDINATOR'] },
      { editableBy: [...STAFF] },
      { visibleTo: ['requester', 'AGENT'], editableBy: [] },
      { required: true, editableBy: ['requester'] },
      {},
    ] as const) {
      const result = validateDefinition(withAnswer(change as never), { groups });
      assert.ok(result.ok, `${JSON.stringify(change)}: ${JSON.stringify(!result.ok && result.problems)}`);
    }
  });

  it('refuses unknown roles, with the path of each', () => {
    const found = problems((d) => {
      d.fields[0]!.visibleTo = ['AGENT', 'agent' as 'AGENT'];
      d.fields[1]!.editableBy = ['EMPLOYEE' as 'AGENT'];
    });
    assertProblem(found, 'fields[0].visibleTo[1]', /must be one of requester, AGENT, COORDINATOR, ADMIN/);
    assertProblem(found, 'fields[1].editableBy[0]', /must be one of requester, AGENT, COORDINATOR, ADMIN/);
  });

  it('refuses a field nobody sees, and a role listed twice', () => {
    const found = problems((d) => {
      d.fields[0]!.visibleTo = [];
      d.fields[1]!.editableBy = ['AGENT', 'AGENT'];
    });
    assertProblem(found, 'fields[0].visibleTo', /someone must see the field/);
    assertProblem(found, 'fields[1].editableBy', /a role is listed twice/);
  });

  it('refuses a field editable by someone who cannot see it', () => {
    const found = problems((d) => {
      d.fields[0]!.visibleTo = ['AGENT', 'ADMIN'];
      d.fields[0]!.editableBy = ['AGENT', 'requester'];
    });
    assertProblem(found, 'fields[0].editableBy[1]', /field "answer" is editable by requester, who cannot see it/);
    assert.equal(found.length, 1, JSON.stringify(found));
  });

  it('refuses a field required on submit that the requester may not set', () => {
    assertProblem(
      problems((d) => {
        d.fields[1]!.required = true;
        d.fields[1]!.editableBy = [...STAFF];
      }),
      'fields[1].required',
      /field "kind" is required on submit, but the requester, who submits, may not set it: add requester to editableBy/,
    );
    // Hidden from the requester, it is not theirs to set either.
    assertProblem(
      problems((d) => {
        d.fields[1]!.required = true;
        d.fields[1]!.visibleTo = [...STAFF];
      }),
      'fields[1].required',
      /add requester to visibleTo/,
    );
  });

  it('refuses a message to the requester that includes a field hidden from them', () => {
    const found = problems((d) => {
      d.fields[0]!.visibleTo = [...STAFF];
      d.states[2]!.onEnter = [
        { kind: 'notify', to: ['requester'], channels: ['email'], template: 'waiting', includeField: 'answer' },
        { kind: 'notify', to: ['assignee'], channels: ['email'], template: 'staff', includeField: 'answer' },
      ];
    });
    assertProblem(found, 'states[2].onEnter[0].includeField', /field "answer" is hidden from the requester/);
    assert.equal(found.length, 1, 'a message to staff may include it');
  });

  it('reads the rules defensively when the shape is wrong', () => {
    const found = problems((d) => {
      (d.fields[0] as Record<string, unknown>).visibleTo = 'AGENT';
      (d.fields[1] as Record<string, unknown>).editableBy = [7];
    });
    assertProblem(found, 'fields[0].visibleTo', /expected array/);
    assertProblem(found, 'fields[1].editableBy[0]', /must be one of/);
  });
});
