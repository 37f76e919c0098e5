// What the dashboard page computes from the API's answer: the window from the address, every day of
// the window (the API leaves out days without a breach) and readable hours.

export const WINDOWS = [7, 30, 90] as const;
const DEFAULT_WINDOW = 30;

export function readWindow(search: URLSearchParams): number {
  const days = Number(search.get('days'));
  return (WINDOWS as readonly number[]).includes(days) ? days : DEFAULT_WINDOW;
}

/** The last `days` days up to today (UTC), each with its count, zero where the API has none. */
export function everyDay(days: number, counts: { day: string; count: number }[], today = new Date()) {
  const byDay = new Map(counts.map((c) => [c.day, c.count]));
  const end = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Array.from({ length: days }, (_, i) => {
    const day = new Date(end - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10);
    return { day, count: byDay.get(day) ?? 0 };
  });
}

export const hours = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} h`;
