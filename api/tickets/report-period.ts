// The period of a report: whole UTC days `from` to `to`, both included (YYYY-MM-DD), at most 366 days.
// Reports count the tickets created in it, and the queue's links select the same tickets with
// createdAfter = from (inclusive) and createdBefore = the day after `to` (exclusive): days, not
// instants, so that a figure and the list it opens agree to the ticket.
import { invalidInput, type InputProblem } from '../../platform/validate.js';

export const MAX_REPORT_DAYS = 366;
const DAY_MS = 86_400_000;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface ReportPeriod {
  /** The first day, YYYY-MM-DD. */
  from: string;
  /** The last day, YYYY-MM-DD (included). */
  to: string;
  /** The first instant of `from`. */
  start: Date;
  /** The first instant after `to`: the period ends before it. */
  end: Date;
}

/** Midnight UTC of a YYYY-MM-DD day, or a sentence saying why the text is none (2026-02-30). */
function midnightOf(text: string, label: string): Date | InputProblem {
  const path = label.toLowerCase();
  if (!DAY.test(text)) return { path, message: `${label} is not a date written YYYY-MM-DD` };
  const at = new Date(`${text}T00:00:00Z`);
  if (Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== text)
    return { path, message: `${label}: ${text} is not a day of the calendar` };
  return at;
}

/** The period from the raw arguments, or one BAD_USER_INPUT naming each bad one (`from`, `to`). */
export function parsePeriod(from: string, to: string): ReportPeriod {
  const start = midnightOf(from, 'From');
  const last = midnightOf(to, 'To');
  if (!(start instanceof Date) || !(last instanceof Date))
    throw invalidInput([start, last].filter((p): p is InputProblem => !(p instanceof Date)));
  if (last < start)
    throw invalidInput([{ path: 'to', message: 'To is before From: the period ends before it starts' }]);
  if ((last.getTime() - start.getTime()) / DAY_MS + 1 > MAX_REPORT_DAYS)
    throw invalidInput([
      { path: 'to', message: `To is too far from From: a period is at most ${MAX_REPORT_DAYS} days` },
    ]);
  return { from, to, start, end: new Date(last.getTime() + DAY_MS) };
}

/** Today's date in UTC, YYYY-MM-DD: the day the backlog's ages count from. */
export const todayUtc = (now = new Date()) => now.toISOString().slice(0, 10);
