// The reports' period and rows as the dashboard's address keeps them (/dashboard?period=last30&by=group,
// or period=custom&from=…&to=…): whole UTC days, both ends included, as the API's reports(from, to) takes.

export const PRESETS = [
  { value: 'last7', label: 'Last 7 days' },
  { value: 'last30', label: 'Last 30 days' },
  { value: 'last90', label: 'Last 90 days' },
  { value: 'month', label: 'This month' },
  { value: 'custom', label: 'Custom dates' },
] as const;
export type Preset = (typeof PRESETS)[number]['value'];

export const GROUPINGS = [
  { value: 'group', label: 'Group', api: 'GROUP' },
  { value: 'process', label: 'Process', api: 'PROCESS' },
  { value: 'agent', label: 'Agent (assignee)', api: 'AGENT' },
] as const;
export type Grouping = (typeof GROUPINGS)[number];

const DAY_MS = 86_400_000;
export const dayOf = (at: Date) => at.toISOString().slice(0, 10);
/** The day `days` after a YYYY-MM-DD day (before it when negative). */
export const addDays = (day: string, days: number) => dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));

export interface ReportChoice {
  preset: Preset;
  from: string;
  to: string;
  grouping: Grouping;
}

/** The period and rows the address asks for; the last 30 days per group when it asks for none. */
export function readReportChoice(search: URLSearchParams, now = new Date()): ReportChoice {
  const today = dayOf(now);
  const preset = (PRESETS.find((p) => p.value === search.get('period'))?.value ?? 'last30') as Preset;
  const grouping = GROUPINGS.find((g) => g.value === search.get('by')) ?? GROUPINGS[0];
  const lastDays = (n: number) => ({ from: addDays(today, 1 - n), to: today });
  const range =
    preset === 'last7'
      ? lastDays(7)
      : preset === 'last90'
        ? lastDays(90)
        : preset === 'month'
          ? { from: `${today.slice(0, 7)}-01`, to: today }
          : preset === 'custom'
            ? { from: search.get('from') || addDays(today, -29), to: search.get('to') || today }
            : lastDays(30);
  return { preset, grouping, ...range };
}
