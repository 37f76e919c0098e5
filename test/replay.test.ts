// Every committed history replays against the current workflow code. A failure here means a change
// to workflow code would break running tickets: guard it with patched(), never re-record the history.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Worker } from '@temporalio/worker';

const dir = join(import.meta.dirname, 'histories');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('replay of committed workflow histories', () => {
  it('has histories to replay', () => {
    assert.ok(files.length >= 5, `found ${files.length}`);
  });

  it('replays every history without a nondeterminism error', { timeout: 120_000 }, async () => {
    const histories = files.map((file) => ({
      workflowId: file,
      history: JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown,
    }));
    const results = Worker.runReplayHistories(
      {
        workflowsPath: createRequire(import.meta.url).resolve('../workflows/index.ts'),
        replayName: 'committed-histories',
      },
      histories,
    );
    const replayed: string[] = [];
    for await (const result of results) {
      assert.equal(result.error, undefined, `${result.workflowId}: ${String(result.error)}`);
      replayed.push(result.workflowId);
    }
    assert.deepEqual(replayed.sort(), files);
  });
});
