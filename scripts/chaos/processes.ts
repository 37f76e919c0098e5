// The chaos run's database: migrated, the demo people, groups and sample processes (seedDemoData), then
// a second version of each sample with durations of seconds, which new tickets start on: state timers
// and SLA clocks fire while the run lasts, as test/support/fast-process.ts does for the tests.
import { publishDefinition } from '../../platform/processes/processes.js';
import { loadSampleProcess, sampleProcessKeys, type SampleProcessKey } from '../../platform/processes/samples.js';
import { seedDemoData } from '../../api/seed.js';
import { createDb, migrateToLatest } from '../../platform/store/db.js';
import type { ProcessDefinition } from '../../workflows/process/definition.js';

const EVERY_DAY = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** A sample with its calendar around the clock, its state timers after 2 s and its SLAs of 3–6 s. */
export function fastSample(key: SampleProcessKey): ProcessDefinition {
  const def = structuredClone(loadSampleProcess(key)) as ProcessDefinition;
  // Around the clock, so business time runs through the calendar activity yet passes like real time.
  def.calendar = { timeZone: 'UTC', workingHours: Object.fromEntries(EVERY_DAY.map((d) => [d, [['00:00', '24:00']]])) };
  for (const state of def.states) for (const timer of state.timers ?? []) timer.after = 'PT2S';
  (def.slas ?? []).forEach((sla, i) => (sla.target = `PT${3 + (i % 2) * 3}S`));
  return def;
}

export async function prepareDatabase(url: string): Promise<void> {
  const db = createDb(url, { max: 2 });
  try {
    await migrateToLatest(db);
    await seedDemoData(db);
    for (const key of sampleProcessKeys) {
      const published = await publishDefinition(db, fastSample(key), 'chaos');
      if (!published.created) throw new Error(`${key} was not published: ${JSON.stringify(published)}`);
    }
  } finally {
    await db.destroy();
  }
}
