// `npm run replay:live` (scripts/replay-live.ts), pointed at a cluster as an operator would, replays its
// recent ticket workflows against this checkout's code: it passes on the tickets it finds, and names a
// workflow that does not replay and exits non-zero.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { NativeConnection, Worker } from '@temporalio/worker';
import { eventually, startTestSystem, systemEnv, type TestSystem } from '../support/system.js';

/** Runs the script as a process of its own, with the test system's Temporal in its environment. */
function replayLive(sys: TestSystem, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/replay-live.ts', ...args],
      { env: { ...systemEnv(sys), LOG_LEVEL: 'warn' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run replay:live', () => {
  let sys: TestSystem;
  before(async () => {
    // One run per ticket (none continues as new here), so the runs the script lists are known.
    sys = await startTestSystem({ continueAsNewAfter: 500 });
  });
  after(async () => {
    await sys.stop();
  });

  it('replays the recent ticket workflows and fails on one that does not replay', { timeout: 180_000 }, async () => {
    const erin = await sys.person('erin.employee@example.com');
    const sam = await sys.person('sam.agent@example.com');
    const create = async (title: string) =>
      (
        await sys.tickets.create(
          { process: 'it-support', title, requester: { userId: erin.userId }, fields: { category: 'access' } },
          erin,
        )
      ).ticket.number;
    const started = await create('Started');
    const waiting = await create('Waiting');
    await sys.tickets.move(started, sam, { transition: 'start' });
    await sys.tickets.settle(started);
    await sys.tickets.settle(waiting);
    // Visibility (what the script lists) follows the workflows a moment later.
    const listed = (n: number) =>
      eventually(async () =>
        (await sys.temporal.workflow.count("WorkflowType = 'ticketWorkflow'")).count === n ? true : undefined,
      );
    await listed(2);

    const clean = await replayLive(sys);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, new RegExp(`^ok +${started} \\(run [0-9a-f-]{36}\\)$`, 'm'));
    assert.match(clean.stdout, new RegExp(`^ok +${waiting} \\(run `, 'm'));
    assert.match(clean.stdout, /^Replayed 2 workflow runs: 2 ok, 0 failed\.$/m);

    // A workflow of the ticket's type whose history the ticket code cannot have made.
    const connection = await NativeConnection.connect({ address: sys.address });
    const taskQueue = `impostor-${randomBytes(4).toString('hex')}`;
    const worker = await Worker.create({
      connection,
      namespace: sys.namespace,
      taskQueue,
      workflowsPath: createRequire(import.meta.url).resolve('../support/impostor-workflow.ts'),
    });
    await worker.runUntil(sys.temporal.workflow.execute('ticketWorkflow', { taskQueue, workflowId: 'IMPOSTOR-1' }));
    await connection.close();
    await listed(3);

    const failing = await replayLive(sys);
    assert.equal(failing.code, 1, failing.stdout + failing.stderr);
    assert.match(failing.stdout, /^FAIL IMPOSTOR-1 \(run [0-9a-f-]{36}\): \S+/m);
    assert.match(failing.stdout, /^Replayed 3 workflow runs: 2 ok, 1 failed\.$/m);
    assert.match(failing.stdout, /^ {2}IMPOSTOR-1 \(run /m);

    // A sample, and a query that finds nothing (a wrong namespace or query must not pass as clean).
    const one = await replayLive(sys, '--limit', '1');
    assert.match(one.stdout, /^Replayed 1 workflow runs: /m);
    const none = await replayLive(sys, '--query', "WorkflowId = 'NO-SUCH-TICKET'");
    assert.equal(none.code, 1);
    assert.match(none.stdout, /Nothing to replay/);
    assert.equal((await replayLive(sys, '--limit', 'many')).code, 2);
  });
});
