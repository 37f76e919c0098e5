// The three sample processes Ticketflow ships, as JSON files an admin
// can copy, edit and publish with `npm run cli -- process publish FILE`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const sampleProcessKeys = ['it-support', 'engineering-change', 'customer-case'] as const;
export type SampleProcessKey = (typeof sampleProcessKeys)[number];

export function sampleProcessPath(key: SampleProcessKey): string {
  return join(import.meta.dirname, 'samples', `${key}.json`);
}

/** Parsed but not validated: callers validate, as they would any admin's file. */
export function loadSampleProcess(key: SampleProcessKey): unknown {
  return JSON.parse(readFileSync(sampleProcessPath(key), 'utf8'));
}
