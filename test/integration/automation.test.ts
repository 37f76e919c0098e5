// A ticket whose process hands it from state to state by itself, forever: the workflow stops the
// automation after a bounded number of steps, keeps continuing as new meanwhile, and keeps answering.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { validateDefinition } from '../../workflows/process/validate.js';
import { snapshotQuery } from '../../workflows/ticket/messages.js';
import { publishUnchecked, runawayProcess } from '../support/runaway-process.js';
import { eventually, startTestSystem, type TestSystem, workflowCompleted } from '../support/system.js';

const LIMIT = 50; // MAX_AUTOMATIC_STEPS

describe('runaway automation', () => {
  let sys: TestSystem;

  before(async () => {
    sys = await startTestSystem({ continueAsNewAfter: 20 });
    await publishUnchecked(sys.db);
  });
  after(async () => {
    await sys.stop();
  });

  it('halts a cycle of automatic transitions with an event, and the ticket still moves', async () => {
    assert.equal(validateDefinition(runawayProcess).ok, false, 'the validator refuses this process');
    const sam = await sys.person('sam.agent@example.com');
    const { ticket } = await sys.tickets.create(
      { process: 'runaway', title: 'Round and round', requester: { userId: sam.userId } },
      sam,
    );
    const number = ticket.number;
    const handle = sys.temporal.workflow.getHandle(number);
    const firstRun = (await handle.describe()).runId;

    await sys.tickets.move(number, sam, { transition: 'start' });
    const halted = await eventually(
      async () => (await sys.tickets.timeline(number)).events.find((e) => e.type === 'automation_halted'),
      30_000,
      'automation_halted',
    );
    assert.deepEqual(halted.actor, { kind: 'system', cause: 'automation' });
    assert.equal(halted.data.limit, LIMIT);
    const path = halted.data.path as string[];
    assert.equal(path.length, LIMIT + 1, 'the state the chain began in, then one per automatic step');
    assert.deepEqual(path.slice(0, 4), ['a', 'b', 'a', 'b']);
    assert.deepEqual(halted.data.dropped, ['to_b']);

    const settled = await sys.tickets.settle(number);
    assert.equal(settled.state, 'a', 'the ticket stops where it is');
    assert.equal((await handle.query(snapshotQuery)).state, 'a', 'queries are answered');
    const { events } = await sys.tickets.timeline(number);
    const automatic = events.filter((e) => e.type === 'moved' && e.actor.kind === 'system');
    assert.equal(automatic.length, LIMIT);
    // created, entered new, the person's move into a, 50 automatic moves with their entries, the halt.
    assert.equal(events.length, 2 + 2 + 2 * LIMIT + 1);
    assert.deepEqual(
      events.map((e) => e.seq),
      events.map((_, i) => i + 1),
      'no event lost or doubled',
    );
    // About 105 inputs with a cap of 20: several runs, not one that drained the chain and then continued.
    const runs = await eventually(
      async () => {
        const ids: string[] = [];
        for await (const run of sys.temporal.workflow.list({ query: `WorkflowId = '${number}'` })) ids.push(run.runId);
        return ids.length >= 3 ? ids : undefined;
      },
      10_000,
      'runs of the workflow',
    );
    assert.ok(runs.includes(firstRun), 'it continued as new while the actions kept coming');

    const finished = await sys.tickets.move(number, sam, { transition: 'finish' });
    assert.equal(finished.state, 'done');
    assert.equal((await workflowCompleted(sys, number)).status.name, 'COMPLETED');
  });
});
