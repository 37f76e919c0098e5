// The ticket page's small pieces without a browser: the @mention helper (web/src/ticket/mentions.ts)
// finds the `@prefix` at the caret, offers the staff it may mean and writes the chosen one in; the
// presence line (web/src/ticket/PresenceBar.tsx) says who is viewing and who is typing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

// Loaded at run time: the root typecheck cannot follow the web app's extensionless imports.
const MENTIONS = '../../web/src/ticket/mentions.js';
const BAR = '../../web/src/ticket/PresenceBar.js';
interface MentionQuery {
  start: number;
  end: number;
  prefix: string;
}
interface Candidate {
  id: string;
  name: string;
  email: string;
  handle: string;
}
type Member = { id: string; name: string; email: string; status: string };
const { mentionAt, mentionCandidates, insertMention } = (await import(MENTIONS)) as {
  mentionAt(text: string, caret: number): MentionQuery | null;
  mentionCandidates(groups: { members: Member[] }[], prefix: string, limit?: number): Candidate[];
  insertMention(text: string, mention: MentionQuery, candidate: Candidate): { text: string; caret: number };
};
const { presenceParts } = (await import(BAR)) as {
  presenceParts(viewers: { user: { id: string; name: string }; typing: boolean }[]): string[];
};

const member = (id: string, name: string, email: string, status = 'active') => ({ id, name, email, status });
const groups = [
  {
    members: [
      member('1', 'Sam Agent', 'sam.agent@example.com'),
      member('2', 'Sara Agent', 'sara.agent@example.com'),
      member('3', 'Cora Coordinator', 'cora.coordinator@example.com'),
      member('4', 'Old Hand', 'old.hand@example.com', 'inactive'),
    ],
  },
  {
    members: [member('1', 'Sam Agent', 'sam.agent@example.com'), member('5', 'Sam Agent', 'sam.agent@partner.example')],
  },
];

describe('@mentions in the composer', () => {
  it('finds the @prefix the caret is in, and no other', () => {
    assert.deepEqual(mentionAt('Ask @sa', 7), { start: 4, end: 7, prefix: 'sa' });
    assert.deepEqual(mentionAt('@', 1), { start: 0, end: 1, prefix: '' });
    assert.deepEqual(mentionAt('(@cora) later', 4), { start: 1, end: 4, prefix: 'co' });
    assert.deepEqual(mentionAt('to @sam.agent@exa', 17), { start: 3, end: 17, prefix: 'sam.agent@exa' });
    assert.equal(mentionAt('mail erin@example.com', 21), null, 'an address typed out');
    assert.equal(mentionAt('Ask @sam now', 12), null, 'the caret after the mention and a space');
    assert.equal(mentionAt('Ask @sam', 4), null, 'the caret before the @');
    assert.equal(mentionAt('Ask', 9), null);
  });

  it('offers active staff by email or a word of the name, each once, with a handle that is theirs only', () => {
    const byHandle = (prefix: string) => mentionCandidates(groups, prefix).map((c) => c.handle);
    // Two of the staff are sam.agent: each is written with the whole email.
    assert.deepEqual(byHandle('sa'), ['sam.agent@example.com', 'sam.agent@partner.example', 'sara.agent']);
    assert.deepEqual(byHandle('coordinator'), ['cora.coordinator'], 'a word of the name');
    assert.deepEqual(byHandle('old'), [], 'nobody inactive');
    assert.equal(mentionCandidates(groups, '', 2).length, 2);
  });

  it('writes the chosen one in place of what was typed, with the caret after it', () => {
    const text = 'Ask @sa about it';
    const at = mentionAt(text, 7)!;
    const [cora] = mentionCandidates(groups, 'cora');
    assert.deepEqual(insertMention(text, at, cora!), { text: 'Ask @cora.coordinator about it', caret: 22 });
    const inside = mentionAt('Ask @sam', 6)!;
    assert.equal(insertMention('Ask @sam', inside, cora!).text, 'Ask @cora.coordinator ');
  });
});

describe('the presence line', () => {
  const viewer = (name: string, typing = false) => ({ user: { id: name, name }, typing });
  it('says who is viewing and who is typing', () => {
    assert.deepEqual(presenceParts([]), []);
    assert.deepEqual(presenceParts([viewer('Sam Agent'), viewer('Cora', true)]), [
      'Sam Agent is viewing',
      'Cora is typing…',
    ]);
    assert.deepEqual(presenceParts([viewer('A'), viewer('B'), viewer('C'), viewer('D', true), viewer('E', true)]), [
      'A, B and C are viewing',
      'D and E are typing…',
    ]);
  });
});
