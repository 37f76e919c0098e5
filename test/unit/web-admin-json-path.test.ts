// The admin editor's mapping of a problem's path (transitions[1].from[0]) to its place in the JSON
// text, and of the cursor's place back to a path for completion, on CodeMirror's JSON syntax tree.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { json } from '@codemirror/lang-json';
import { EditorState } from '@codemirror/state';
import { parsePath, pathAt, rangeOfPath } from '../../web/src/admin/jsonPath.js';

const text = JSON.stringify(
  { key: 'p', states: [{ key: 'new' }, { key: 'done' }], transitions: [{ from: ['new'] }, { from: ['new', 'ghost'] }] },
  null,
  2,
);
const state = EditorState.create({ doc: text, extensions: [json()] });
const marked = (path: string) => {
  const { from, to } = rangeOfPath(state, path);
  return state.sliceDoc(from, to);
};

describe('paths in the definition text', () => {
  it('parses a path into its steps', () => {
    assert.deepEqual(parsePath('transitions[1].from[0]'), ['transitions', 1, 'from', 0]);
    assert.deepEqual(parsePath(''), []);
    assert.deepEqual(parsePath('states.2.key'), ['states', 2, 'key']);
  });

  it('marks the value a path names', () => {
    assert.equal(marked('transitions[1].from[1]'), '"ghost"');
    assert.equal(marked('states[1].key'), '"done"');
    assert.equal(marked('key'), '"p"');
  });

  it('marks the deepest part that exists when the path goes further than the text', () => {
    // states[5] does not exist: the first line of the states array is marked.
    assert.equal(marked('states[5].key'), '[');
    assert.equal(marked('transitions[0].to'), '{');
    assert.equal(marked(''), '{');
  });

  it('finds the path of the place the cursor is at', () => {
    const at = text.indexOf('"ghost"') + 2;
    assert.deepEqual(pathAt(state, at).path, ['transitions', 1, 'from', 1]);
  });
});
