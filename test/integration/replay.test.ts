// Every committed history replays against the current workflow code, one test per file (named by it).
// A failure means a change to workflow code would break running tickets: guard it with patched(), never
// re-record the history. test/histories/MANIFEST.json says what each history guards; the tests below
// hold it to the files and to the workflow's patch ids.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { before, describe, it } from 'node:test';
import { bundleWorkflowCode, Runtime, Worker, type ReplayResult } from '@temporalio/worker';
import { createLogger } from '../../platform/log.js';
import { sdkLogger } from '../../temporal/worker.js';
import {
  historyFacts,
  historyFiles,
  readHistory,
  readManifest,
  workflowPatchIds,
  type HistoryEntry,
} from '../support/histories.js';

// The SDK's own INFO lines (a replay worker's start and stop, the bundler's statistics) are noise here.
const logger = sdkLogger(createLogger('replay', process.env.LOG_LEVEL ?? 'warn'));
Runtime.install({ logger });
const manifest = readManifest();
const entries = manifest.histories;

describe('the history manifest', () => {
  it('has an entry for every history file and a file for every entry', () => {
    const listed = entries.map((e) => e.file).sort();
    assert.equal(new Set(listed).size, listed.length, 'a file is listed twice');
    const files = historyFiles();
    assert.deepEqual(
      files.filter((f) => !listed.includes(f)),
      [],
      'history files without a manifest entry (record with test/record-histories.ts)',
    );
    assert.deepEqual(
      listed.filter((f) => !files.includes(f)),
      [],
      'manifest entries without a file',
    );
  });

  it('states what each history holds (its patch markers, run, SDK)', () => {
    for (const entry of entries) {
      const facts = historyFacts(readHistory(entry.file));
      const stated: Partial<HistoryEntry> = {
        run: entry.run,
        continuedAsNew: entry.continuedAsNew,
        patches: entry.patches,
        sdk: entry.sdk,
      };
      assert.deepEqual(stated, facts, entry.file);
      assert.ok(entry.scenario in manifest.scenarios, `${entry.file}: scenario ${entry.scenario} is not described`);
      assert.match(entry.commit, /^[0-9a-f]{40}$/, `${entry.file}: commit`);
      const both = entry.guardsOldBranch.filter((p) => entry.patches.includes(p));
      assert.deepEqual(both, [], `${entry.file}: guards the old branch of patches it holds the marker of`);
    }
  });

  it("names only the workflow's patch ids, each in at least one history", () => {
    const ids = workflowPatchIds();
    assert.ok(ids.length > 0);
    const named = new Set(entries.flatMap((e) => [...e.patches, ...e.guardsOldBranch]));
    assert.deepEqual(
      [...named].filter((id) => !ids.includes(id)),
      [],
      'patch ids the workflow code no longer has',
    );
    const recorded = new Set(entries.flatMap((e) => e.patches));
    assert.deepEqual(
      ids.filter((id) => !recorded.has(id)),
      [],
      'patches no history takes the new branch of: record one (test/record-histories.ts <scenario>)',
    );
  });
});

describe('replay of committed workflow histories', () => {
  // One bundle and one replay worker for every history: bundling (webpack) takes seconds and a worker
  // per history about 0.3 s more, a replay a fraction of that. Each test then reports its own file.
  const results = new Map<string, ReplayResult>();
  before(async () => {
    const workflowsPath = createRequire(import.meta.url).resolve('../../workflows/index.ts');
    const { code } = await bundleWorkflowCode({ workflowsPath, logger });
    const histories = entries.map((e) => ({ workflowId: e.file, history: readHistory(e.file) }));
    const replay = Worker.runReplayHistories(
      { workflowBundle: { code }, replayName: 'committed-histories' },
      histories,
    );
    for await (const result of replay) results.set(result.workflowId, result);
  });

  for (const entry of entries) {
    it(entry.file, () => {
      const result = results.get(entry.file);
      assert.ok(result, 'not replayed');
      if (result.error) throw result.error;
    });
  }
});
