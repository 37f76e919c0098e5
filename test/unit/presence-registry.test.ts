// One API replica's presence registry (api/live/presence.ts) fed by notices as its LISTEN connection would
// hand them over: heartbeats add and renew people in the order they came, "left" removes them at once,
// entries expire PRESENCE_TTL_MS after the last heartbeat (node's mock clock), and a person with two
// pages open on the replica leaves only when the last one closes.
import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import type { LiveSignal } from '../../api/live/listener.js';
import { createPresenceRegistry, PRESENCE_TTL_MS } from '../../api/live/presence.js';

/** What the LISTEN connection would hand over, by hand. */
function fakeSource() {
  const listeners = new Set<(signal: LiveSignal) => void>();
  return {
    subscribe(listener: (signal: LiveSignal) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    hear(number: string, userId: string, typing: boolean, left = false) {
      for (const listener of listeners) listener({ presence: { number, userId, typing, left } });
    },
  };
}

describe('the presence registry of one replica', () => {
  it('keeps who came, renews them, and drops who left, announcing each change', () => {
    const source = fakeSource();
    const registry = createPresenceRegistry(source);
    const heard: LiveSignal[] = [];
    registry.subscribe((signal) => heard.push(signal));

    source.hear('IT-1', 'sam', false);
    source.hear('IT-1', 'cora', true);
    source.hear('IT-2', 'erin', false);
    source.hear('IT-1', 'sam', true);
    assert.deepEqual(
      registry.list('IT-1').map((e) => [e.userId, e.typing]),
      [
        ['sam', true],
        ['cora', true],
      ],
      'a renewed heartbeat keeps its place',
    );
    source.hear('IT-1', 'sam', false, true);
    assert.deepEqual(
      registry.list('IT-1').map((e) => e.userId),
      ['cora'],
    );
    // Leaving twice (two replicas' streams closing) changes nothing the second time.
    source.hear('IT-1', 'sam', false, true);
    assert.deepEqual(
      heard.map((s) => ('presenceChanged' in s ? s.presenceChanged : '?')),
      ['IT-1', 'IT-1', 'IT-2', 'IT-1', 'IT-1'],
    );
    assert.deepEqual(
      registry.list('IT-2').map((e) => e.userId),
      ['erin'],
    );
  });

  it('drops a person PRESENCE_TTL_MS after the last heartbeat it heard', () => {
    mock.timers.enable({ apis: ['setInterval', 'Date'] });
    try {
      const source = fakeSource();
      const registry = createPresenceRegistry(source);
      const heard: string[] = [];
      registry.subscribe((signal) => 'presenceChanged' in signal && heard.push(signal.presenceChanged));
      source.hear('IT-1', 'sam', false);
      mock.timers.tick(PRESENCE_TTL_MS - 5_000);
      source.hear('IT-1', 'sam', false);
      mock.timers.tick(PRESENCE_TTL_MS - 1_000);
      assert.deepEqual(
        registry.list('IT-1').map((e) => e.userId),
        ['sam'],
        'renewed by the second heartbeat',
      );
      mock.timers.tick(2_000);
      assert.deepEqual(registry.list('IT-1'), []);
      assert.deepEqual(heard, ['IT-1', 'IT-1', 'IT-1'], 'two heartbeats, then the expiry');
    } finally {
      mock.timers.reset();
    }
  });

  it("says a person's page closing is their last only when no other page of theirs is open here", () => {
    const registry = createPresenceRegistry(fakeSource());
    const first = registry.watch('IT-1', 'sam');
    const second = registry.watch('IT-1', 'sam');
    const elsewhere = registry.watch('IT-2', 'sam');
    assert.equal(first(), false);
    assert.equal(first(), false, 'closing twice counts once');
    assert.equal(second(), true);
    assert.equal(elsewhere(), true);
  });
});
