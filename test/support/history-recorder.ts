// Saves a recorded ticket's workflow histories into test/histories/ and adds each to the manifest, for
// test/record-histories.ts. Files are only ever added: a file that exists stops the recording.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { resolveTemporalCli } from '../../temporal/dev-server.js';
import { HISTORIES_DIR, historyFacts, readManifest, writeManifest } from './histories.js';
import { workflowCompleted, type TestSystem } from './system.js';

/** The batch suffix of today's recording: the date, then b, c… after the day's first batch. */
export function batchSuffix(today = new Date().toISOString().slice(0, 10)): string {
  const files = readdirSync(HISTORIES_DIR);
  for (const letter of ['', ...'bcdefghijklmnopqrstuvwxyz']) {
    const suffix = `${today}${letter}`;
    if (!files.some((f) => f.endsWith(`.${suffix}.json`))) return suffix;
  }
  throw new Error(`no batch suffix left for ${today}`);
}

const sdkVersion = (createRequire(import.meta.url)('@temporalio/worker/package.json') as { version: string }).version;
const commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();

export interface Recording {
  suffix: string;
  /** The scenario and its description, as the manifest lists them. */
  scenario: string;
  covers: string;
}

/** Saves every run of the workflow (continue-as-new splits a ticket into several): the last as
 * `<scenario>.<suffix>.json`, earlier ones as `<scenario>-run-<run id prefix>.<suffix>.json`. */
export async function saveRuns(sys: TestSystem, recording: Recording, workflowId: string): Promise<void> {
  const last = await workflowCompleted(sys, workflowId);
  await save(sys, recording, recording.scenario, workflowId, last.runId);
  for await (const execution of sys.temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    if (execution.runId !== last.runId)
      await save(
        sys,
        recording,
        `${recording.scenario}-run-${execution.runId.slice(0, 8)}`,
        workflowId,
        execution.runId,
      );
  }
}

async function save(sys: TestSystem, recording: Recording, name: string, workflowId: string, runId: string) {
  const file = `${name}.${recording.suffix}.json`;
  const path = join(HISTORIES_DIR, file);
  if (existsSync(path)) throw new Error(`${path} exists: histories are only ever added`);
  // The CLI writes the standard proto JSON that the replayer reads.
  const args = ['workflow', 'show', '--workflow-id', workflowId, '--run-id', runId];
  args.push('--namespace', sys.namespace, '--address', sys.address, '--output', 'json');
  const json = execFileSync(resolveTemporalCli(), args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  writeFileSync(path, json);
  const history = JSON.parse(json) as { events: unknown[] };
  // A fresh recording takes the new branch of every patch on its path: it guards no old branch.
  const manifest = readManifest();
  manifest.scenarios[recording.scenario] = recording.covers;
  manifest.histories.push({
    file,
    scenario: recording.scenario,
    ...historyFacts(history),
    guardsOldBranch: [],
    kept: `recorded on ${recording.suffix}`,
    sdk: sdkVersion,
    commit,
  });
  // Written after each file, so that a recording stopped halfway leaves the manifest matching the files.
  writeManifest(manifest);
  process.stderr.write(`recorded ${path} (${history.events.length} events)\n`);
}
