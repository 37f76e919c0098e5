// The it-support sample with durations of seconds, so timers and SLA clocks fire within a test.
import { loadSampleProcess } from '../../platform/processes/samples.js';
import type { ProcessDefinition } from '../../workflows/process/definition.js';

export function fastItSupport(
  options: { autoClose?: string; firstResponse?: string; resolution?: string } = {},
): ProcessDefinition {
  const def = structuredClone(loadSampleProcess('it-support')) as ProcessDefinition;
  const everyDay = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
  // Around the clock, so business time runs through the calendar activity yet passes like real time.
  def.calendar = { timeZone: 'UTC', workingHours: Object.fromEntries(everyDay.map((d) => [d, [['00:00', '24:00']]])) };
  def.states.find((s) => s.key === 'resolved')!.timers = [
    { after: options.autoClose ?? 'PT2S', transition: 'auto_close' },
  ];
  const [firstResponse, resolution] = def.slas!;
  firstResponse!.target = options.firstResponse ?? 'PT3S';
  firstResponse!.time = 'calendar';
  firstResponse!.atRisk!.at = 0.5;
  resolution!.target = options.resolution ?? 'PT4S';
  resolution!.time = 'business';
  return def;
}
