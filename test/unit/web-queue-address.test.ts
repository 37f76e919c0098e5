// The queue's address (web/src/queue/params.ts, filter-words.ts), without a browser: a choice in any
// case is taken as the filter names it; one that names nothing is left out of the filter and of the
// chips, and said in words made from labels; the chips read as the filter bar does.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filterChips } from '../../web/src/queue/filter-words.js';
import { filterOf, unknownChoices } from '../../web/src/queue/params.js';

const address = (query: string) => new URLSearchParams(query);

describe("the queue's address", () => {
  it('takes a choice in any case, as the filter names it', () => {
    assert.deepEqual(filterOf(address('priority=HIGH&sla=at_risk&category=Waiting&firstResponse=answered')), {
      category: 'waiting',
      priority: 'high',
      sla: 'AT_RISK',
      firstResponse: 'ANSWERED',
    });
    assert.deepEqual(unknownChoices(address('priority=HIGH&sla=at_risk')), []);
    assert.deepEqual(
      filterChips(address('priority=HIGH&sla=at_risk&category=waiting&firstResponse=UNANSWERED'), undefined).map(
        (c) => c.label,
      ),
      ['State: Waiting', 'Priority: High', 'SLA: At risk', 'Not yet answered by staff'],
    );
  });

  it('leaves out a choice that names nothing, and says so in words', () => {
    const search = address('priority=soonish&sla=late&category=&q=printer');
    assert.deepEqual(filterOf(search), { text: 'printer' });
    assert.deepEqual(unknownChoices(search), [
      'Priority “soonish” is none of Urgent, High, Normal, Low: it is left out.',
      'SLA “late” is none of At risk, Breached, Met: it is left out.',
    ]);
    assert.deepEqual(
      filterChips(search, undefined).map((c) => c.label),
      ['Text: “printer”'],
    );
    assert.equal(filterOf(address('')), null);
  });
});
