// Working-time arithmetic over a process calendar (working hours per weekday, a time zone, holidays).
// It runs in an activity, never in workflow code: time-zone rules change with Node and ICU versions,
// and a replayed workflow must not compute a different deadline. Results enter the history.
import { DateTime } from 'luxon';
import type { CalendarDefinition } from '../workflows/process/definition.js';

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** Ten years of days without a working minute means the calendar has none at all. */
const MAX_DAYS = 3660;

interface Span {
  start: number;
  end: number;
}

/** The working spans of the calendar day that contains `day` (epoch ms), in epoch ms. */
function spansOf(calendar: CalendarDefinition, day: DateTime): Span[] {
  if (calendar.holidays?.includes(day.toISODate()!)) return [];
  const hours = calendar.workingHours[weekdays[day.weekday - 1]!] ?? [];
  return hours.map(([from, to]) => ({ start: at(day, from), end: at(day, to) }));
}

/** A wall-clock time on a day in the calendar's zone; across a DST gap luxon moves forward. */
function at(day: DateTime, time: string): number {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  if (hour === 24) return day.plus({ days: 1 }).startOf('day').toMillis();
  return day.set({ hour, minute, second: 0, millisecond: 0 }).toMillis();
}

function zoned(calendar: CalendarDefinition, epochMs: number): DateTime {
  const dt = DateTime.fromMillis(epochMs, { zone: calendar.timeZone });
  if (!dt.isValid) throw new Error(`invalid calendar time zone "${calendar.timeZone}"`);
  return dt;
}

/** The instant at which `workingMs` of working time will have passed since `from`. */
export function addWorkingTime(calendar: CalendarDefinition, from: number, workingMs: number): number {
  let remaining = workingMs;
  let day = zoned(calendar, from).startOf('day');
  for (let i = 0; i < MAX_DAYS; i++, day = day.plus({ days: 1 }).startOf('day')) {
    for (const span of spansOf(calendar, day)) {
      const begin = Math.max(span.start, from);
      if (begin >= span.end) continue;
      if (remaining <= span.end - begin) return begin + remaining;
      remaining -= span.end - begin;
    }
  }
  throw new Error('the calendar has no working hours');
}

/** Working time between two instants. */
export function workingTimeBetween(calendar: CalendarDefinition, from: number, to: number): number {
  if (to <= from) return 0;
  let total = 0;
  let day = zoned(calendar, from).startOf('day');
  for (let i = 0; i < MAX_DAYS && day.toMillis() < to; i++, day = day.plus({ days: 1 }).startOf('day')) {
    for (const span of spansOf(calendar, day)) {
      total += Math.max(0, Math.min(span.end, to) - Math.max(span.start, from));
    }
  }
  return total;
}
