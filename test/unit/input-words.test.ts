// Input problems in words (platform/input-words.ts): an input the labels do not name is called by the
// last part of its path, which is what was sent and may be of any length: cut, as refusals cut names.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { wordedProblems } from '../../platform/input-words.js';

describe('input problems in words', () => {
  it('names an unlabelled input by its path, cut when the key sent is long', () => {
    const key = 'y'.repeat(20_000);
    const result = wordedProblems(
      z.object({ fields: z.record(z.string(), z.string()) }),
      { fields: { [key]: '\u0000' } },
      {},
    );
    assert.equal(result.problems.length, 1);
    const [problem] = result.problems;
    assert.match(problem!.message, /^Yy{79}… contains U\+0000 \(NUL\), which cannot be stored$/);
  });

  it('names a short unlabelled input by its path as it is, and a labelled one by its label', () => {
    const result = wordedProblems(
      z.object({ title: z.string().min(1) }),
      { title: '', note: 'a\u0000' },
      { title: 'Title' },
    );
    assert.deepEqual(
      result.problems.map((p) => p.message),
      ['Note contains U+0000 (NUL), which cannot be stored', 'Title is required'],
    );
  });
});
