// The committed replay histories (test/histories/) and their manifest, MANIFEST.json: which patch each
// history guards, which SDK recorded it and at which commit. The replay test reads it; the recorder
// (test/record-histories.ts) adds to it. The facts a manifest entry states are read from the history
// itself, so that the test can check them instead of trusting them.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const HISTORIES_DIR = join(import.meta.dirname, '..', 'histories');
export const MANIFEST_NAME = 'MANIFEST.json';
const MANIFEST_PATH = join(HISTORIES_DIR, MANIFEST_NAME);

export interface HistoryEntry {
  file: string;
  /** The recorder's scenario (test/record-histories.ts); `scenarios` in the manifest says what it does. */
  scenario: string;
  /** The ticket's first run, or a later one (it starts from the state the run before carried). */
  run: 'first' | 'continued';
  /** The run ended by continuing as new (the file is an earlier run of its ticket). */
  continuedAsNew: boolean;
  /** The patched() ids whose marker the history holds: it replays their new branch. */
  patches: string[];
  /** Patch ids it was recorded before (no marker, recorded at a commit without the patch) on a path
   * that later recordings of the same scenario and run take through the patch: it replays their old
   * branch, as a ticket started before the patch's deploy would. */
  guardsOldBranch: string[];
  /** Why it is kept. */
  kept: string;
  /** The Temporal TypeScript SDK that recorded it (from the history's own SDK metadata). */
  sdk: string;
  /** The commit it was recorded at: for files from before the manifest, the commit that added the file. */
  commit: string;
}

export interface Manifest {
  policy: string[];
  scenarios: Record<string, string>;
  histories: HistoryEntry[];
}

export function readManifest(): Manifest {
  return JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as Manifest;
}

export function writeManifest(manifest: Manifest): void {
  const histories = [...manifest.histories].sort((a, b) => a.file.localeCompare(b.file));
  writeFileSync(MANIFEST_PATH, `${JSON.stringify({ ...manifest, histories }, null, 2)}\n`);
}

/** The history files in the folder (every .json but the manifest). */
export function historyFiles(): string[] {
  return readdirSync(HISTORIES_DIR)
    .filter((f) => f.endsWith('.json') && f !== MANIFEST_NAME)
    .sort();
}

export function readHistory(file: string): unknown {
  return JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8')) as unknown;
}

export type HistoryFacts = Pick<HistoryEntry, 'run' | 'continuedAsNew' | 'patches' | 'sdk'>;

interface JsonEvent {
  eventType?: string;
  workflowExecutionStartedEventAttributes?: { continuedExecutionRunId?: string };
  workflowTaskCompletedEventAttributes?: { sdkMetadata?: { sdkVersion?: string } };
  markerRecordedEventAttributes?: {
    markerName?: string;
    details?: Record<string, { payloads?: { data?: string }[] }>;
  };
}

/** What a history (in the CLI's proto JSON) says about itself: patch markers, SDK, run. */
export function historyFacts(history: unknown): HistoryFacts {
  const events = (history as { events: JsonEvent[] }).events;
  const patches = new Set<string>();
  const sdks = new Set<string>();
  for (const event of events) {
    const marker = event.markerRecordedEventAttributes;
    // patched() records a `core_patch` marker whose payload is {"id": <patch id>, "deprecated": …}.
    if (marker?.markerName === 'core_patch') {
      for (const payload of Object.values(marker.details ?? {}).flatMap((d) => d.payloads ?? [])) {
        const { id } = JSON.parse(Buffer.from(payload.data ?? '', 'base64').toString('utf8')) as { id: string };
        patches.add(id);
      }
    }
    const sdk = event.workflowTaskCompletedEventAttributes?.sdkMetadata?.sdkVersion;
    if (sdk) sdks.add(sdk);
  }
  const started = events[0]?.workflowExecutionStartedEventAttributes;
  return {
    run: started?.continuedExecutionRunId ? 'continued' : 'first',
    continuedAsNew: events.some((e) => e.eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW'),
    patches: [...patches].sort(),
    sdk: [...sdks].sort().join(', '),
  };
}

/** The patch ids the workflow code passes to patched() or deprecatePatch(), by reading its sources:
 * each is a string constant (`const X = 'id'`) of one of the workflow files. */
export function workflowPatchIds(): string[] {
  const dir = join(import.meta.dirname, '..', '..', 'workflows');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const sources = files.map((file) => readFileSync(join(dir, file), 'utf8'));
  const constants = new Map(
    sources.flatMap((s) => [...s.matchAll(/\bconst (\w+) = '([^']+)'/g)].map((m) => [m[1]!, m[2]!])),
  );
  const ids = new Set<string>();
  for (const source of sources) {
    for (const [, name] of source.matchAll(/\b(?:patched|deprecatePatch)\(\s*(\w+|'[^']+')\s*\)/g)) {
      const id = name!.startsWith("'") ? name!.slice(1, -1) : constants.get(name!);
      if (!id) throw new Error(`the patch id ${name} is not a string constant of the workflow code`);
      ids.add(id);
    }
  }
  return [...ids].sort();
}
