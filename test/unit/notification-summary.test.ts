// The notification centre's one line (activities/notifications/summary.ts): who did what on which
// ticket, a comment's (or an included field's) opening words quoted and cut at a word.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { excerpt, summaryLine } from '../../activities/notifications/summary.js';

const base = { number: 'IT-000012', title: 'Printer jams', stateLabel: 'In progress' };

describe('the one line of a notification', () => {
  it('says who replied on which ticket, with the opening words of the reply', () => {
    assert.equal(
      summaryLine({
        ...base,
        event: 'commented',
        act: {
          actor: 'Sam Agent',
          comment: { author: 'Sam Agent', body: 'Try turning it off and on again, then take out the paper tray.' },
        },
      }),
      'Sam Agent replied on IT-000012 Printer jams: “Try turning it off and on again, then take out the paper…”',
    );
  });

  it('tells moves, resolutions and the desk’s own acts, with an included field quoted', () => {
    assert.equal(
      summaryLine({ ...base, event: 'moved', act: { actor: 'Sam Agent' }, field: 'Which model?' }),
      'Sam Agent moved IT-000012 Printer jams to In progress: “Which model?”',
    );
    assert.equal(
      summaryLine({ ...base, event: 'resolved', stateLabel: 'Resolved', act: {} }),
      'IT-000012 Printer jams is resolved (Resolved)',
    );
    assert.equal(
      summaryLine({ ...base, event: 'sla_breached', act: {} }),
      'IT-000012 Printer jams breached its service level',
    );
    assert.equal(
      summaryLine({ ...base, event: 'created', act: { actor: 'Erin Employee' } }),
      'Erin Employee opened IT-000012 Printer jams',
    );
  });

  it('keeps a short text whole on one line and cuts a long word where it must', () => {
    assert.equal(excerpt('Try\n  turning   it on'), 'Try turning it on');
    assert.equal(excerpt('x'.repeat(80)), `${'x'.repeat(60)}…`);
    assert.equal(excerpt('Done. '.repeat(20)).endsWith('Done…'), true);
  });
});
