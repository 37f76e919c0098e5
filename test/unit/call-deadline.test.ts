// A call's deadline (platform/tickets/call-deadline.ts): counted from when the call came in, shared by
// what it calls within, and a fresh one for work outside any call.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { deadlineOf, withCallDeadlines } from '../../platform/tickets/call-deadline.js';

describe("a call's deadline", () => {
  it('counts from when the call came in, for everything within it', async () => {
    const seen: number[] = [];
    const inner = withCallDeadlines(1000, {
      async change() {
        seen.push(deadlineOf(1000));
      },
    });
    const outer = withCallDeadlines(1000, {
      async move() {
        const came = Date.now();
        await sleep(50); // reads before the update
        seen.push(deadlineOf(1000));
        await inner.change();
        return came;
      },
    });
    const came = await outer.move();
    assert.equal(seen.length, 2);
    assert.ok(
      seen.every((d) => d === seen[0]),
      'one deadline for the call and what it calls',
    );
    assert.ok(seen[0]! - came <= 1000 && seen[0]! - came >= 990, 'counted from when it came in');
    const outside = deadlineOf(1000);
    assert.ok(outside - Date.now() > 990, 'outside a call, from now');
  });
});
