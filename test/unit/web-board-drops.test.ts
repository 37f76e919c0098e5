// A drop on the board (web/src/board/drops.ts), without a browser: onto its own column nothing; onto a
// column no transition the viewer may take leads to, refused before anything is sent; several
// transitions or required fields ask first; else the one move.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dropTargets, planDrop } from '../../web/src/board/drops.js';
import { mayTake } from '../../web/src/lib/transitions.js';

const as = (role: string) => (t: { by: readonly string[] }) => mayTake(t, role);

const card = {
  state: 'in_progress',
  transitions: [
    { key: 'ask', to: 'waiting', by: ['AGENT', 'COORDINATOR'], requires: ['question'] },
    { key: 'resolve', to: 'resolved', by: ['AGENT', 'COORDINATOR'], requires: [] },
    { key: 'close_duplicate', to: 'closed', by: ['COORDINATOR'], requires: [] },
    { key: 'close_fixed', to: 'closed', by: ['COORDINATOR'], requires: [] },
    { key: 'withdraw', to: 'withdrawn', by: ['requester'], requires: [] },
    { key: 'auto', to: 'archived', by: ['system'], requires: [] },
  ],
};

describe('board drops', () => {
  it('does nothing for a drop onto the card’s own column', () => {
    assert.deepEqual(planDrop(card, 'in_progress', as('AGENT')), { kind: 'none' });
  });

  it('refuses, without sending, a drop no transition the viewer may take leads to', () => {
    assert.deepEqual(planDrop(card, 'new', as('AGENT')), { kind: 'refused' }, 'no transition at all');
    assert.deepEqual(planDrop(card, 'closed', as('AGENT')), { kind: 'refused' }, 'coordinators only');
    assert.deepEqual(planDrop(card, 'withdrawn', as('AGENT')), { kind: 'refused' }, 'the requester only');
    assert.deepEqual(planDrop(card, 'archived', as('ADMIN')), { kind: 'refused' }, 'the system only, even for admins');
  });

  it('asks when the transition requires fields or when several lead there, else moves', () => {
    assert.deepEqual(planDrop(card, 'waiting', as('AGENT')), { kind: 'ask', choices: [card.transitions[0]] });
    assert.deepEqual(planDrop(card, 'closed', as('COORDINATOR')), {
      kind: 'ask',
      choices: [card.transitions[2], card.transitions[3]],
    });
    assert.deepEqual(planDrop(card, 'resolved', as('AGENT')), { kind: 'move', transition: card.transitions[1] });
  });

  it('marks as targets the columns the viewer’s transitions lead to', () => {
    assert.deepEqual([...dropTargets(card, as('AGENT'))].sort(), ['resolved', 'waiting']);
    assert.deepEqual([...dropTargets(card, as('ADMIN'))].sort(), ['closed', 'resolved', 'waiting', 'withdrawn']);
  });
});
