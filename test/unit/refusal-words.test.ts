// The engine's words (workflows/ticket/values.ts, words.ts), without servers: every field problem at
// once, each naming its field by its label in a plain sentence, with the field's key as its path.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProcessDefinition } from '../../workflows/process/definition.js';
import { checkFields, fieldProblems } from '../../workflows/ticket/values.js';
import { listed, takersWords } from '../../workflows/ticket/words.js';

const def = {
  name: 'Laptops',
  fields: [
    { key: 'model', label: 'Laptop model', type: 'enum', options: ['X1', 'T14'] },
    { key: 'due', label: 'Due date', type: 'date' },
    { key: 'count', label: 'How many', type: 'number' },
    { key: 'link', label: 'Order page', type: 'url' },
    { key: 'notes', label: 'Notes', type: 'longtext' },
  ],
  states: [],
  transitions: [],
} as unknown as ProcessDefinition;

describe('field problems in words', () => {
  it('lists every problem, each by its label', () => {
    assert.deepEqual(
      fieldProblems(def, { model: 'Z9', due: 'tomorrow', count: 'two', link: 'ftp://x', notes: 'inline', odd: 1 }),
      [
        { path: 'model', message: 'Laptop model: choose one of X1, T14' },
        { path: 'due', message: 'Due date is not a date' },
        { path: 'count', message: 'How many is not a number' },
        { path: 'link', message: 'Order page is not a web address (http or https)' },
        { path: 'notes', message: 'Notes is not a stored text' },
        { path: 'odd', message: 'This form has no field "odd"' },
      ],
    );
  });

  it('makes one refusal whose message is the sentences, without keys or validator text', () => {
    const refusal = checkFields(def, { model: 'Z9', due: '2026-13' });
    assert.equal(refusal?.reason, 'INVALID_FIELD');
    assert.equal(refusal?.message, 'Laptop model: choose one of X1, T14; Due date is not a date');
    assert.deepEqual(refusal?.details, {
      problems: [
        { path: 'model', message: 'Laptop model: choose one of X1, T14' },
        { path: 'due', message: 'Due date is not a date' },
      ],
    });
    assert.equal(checkFields(def, { model: 'X1', due: '2026-12-24', count: 2 }), undefined);
  });

  it('says lists and roles as a person would', () => {
    assert.equal(listed(['A']), 'A');
    assert.equal(listed(['A', 'B', 'C']), 'A, B and C');
    assert.equal(listed(['A', 'B'], 'or'), 'A or B');
    assert.equal(takersWords(['AGENT', 'COORDINATOR', 'requester']), "agents, coordinators and the ticket's requester");
  });
});
