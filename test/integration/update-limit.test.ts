// Temporal admits at most 10 updates in flight per workflow: more concurrent changes to one ticket
// are a CONFLICT to retry, never a crash, and the rest still complete.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AppError } from '../../platform/errors.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

describe('more than 10 concurrent changes to one ticket', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startTestSystem();
  });
  after(async () => {
    await sys.stop();
  });

  it('answers the excess with CONFLICT and completes the others', { timeout: 120_000 }, async () => {
    const erin = await sys.person('erin.employee@example.com');
    const cora = await sys.person('cora.coordinator@example.com');
    const { ticket } = await sys.tickets.create(
      { process: 'it-support', title: 'Busy', requester: { userId: erin.userId }, fields: { category: 'other' } },
      erin,
    );
    await sys.tickets.settle(ticket.number);
    await sys.stopWorkers(); // nothing completes the updates: they stay in flight

    const priorities = ['low', 'high'] as const;
    const attempts = Array.from({ length: 14 }, (_, i) =>
      sys.tickets.setPriority(ticket.number, cora, { priority: priorities[i % 2]! }),
    );
    const conflicts: AppError[] = [];
    await Promise.race([
      Promise.all(
        attempts.map((a) =>
          a.catch((error: unknown) => {
            if (error instanceof AppError && error.code === 'CONFLICT') conflicts.push(error);
            else throw error;
          }),
        ),
      ),
      new Promise((resolve) => setTimeout(resolve, 5000)),
    ]);
    assert.ok(conflicts.length >= 4, `at least the updates beyond 10 are refused (${conflicts.length})`);
    assert.equal(conflicts[0]!.details.reason, 'TOO_MANY_CONCURRENT_CHANGES');
    assert.match(conflicts[0]!.message, /busy with other changes; try again/);

    await sys.startWorker();
    const results = await Promise.allSettled(attempts);
    const completed = results.filter((r) => r.status === 'fulfilled').length;
    assert.equal(completed + conflicts.length, attempts.length, 'every other change completed');
    const { events } = await sys.tickets.timeline(ticket.number);
    const changed = events.filter((e) => e.type === 'priority_changed').length;
    assert.ok(changed > 0 && changed <= completed, `${changed} priority changes from ${completed} completed updates`);
  });
});
