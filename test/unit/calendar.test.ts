// Working-time arithmetic across a weekend, holidays and daylight-saving changes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addWorkingTime, workingTimeBetween } from '../../activities/calendar.js';
import type { CalendarDefinition } from '../../workflows/process/definition.js';

const HOUR = 3_600_000;
const office: CalendarDefinition = {
  timeZone: 'Europe/Berlin',
  workingHours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['08:00', '18:00']]])),
  holidays: ['2026-12-24', '2026-12-25'],
};
const always: CalendarDefinition = {
  timeZone: 'Europe/Berlin',
  workingHours: Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
  ),
};
const iso = (ms: number) => new Date(ms).toISOString();
const utc = (text: string) => Date.parse(text);

describe('calendar arithmetic', () => {
  it('skips the weekend', () => {
    // Friday 16:00 CET + 4 working hours = Monday 10:00 CET.
    assert.equal(iso(addWorkingTime(office, utc('2026-11-27T15:00:00Z'), 4 * HOUR)), '2026-11-30T09:00:00.000Z');
    assert.equal(workingTimeBetween(office, utc('2026-11-27T15:00:00Z'), utc('2026-11-30T09:00:00Z')), 4 * HOUR);
  });

  it('starts counting at the next opening when asked outside working hours', () => {
    // Saturday noon + 1 h = Monday 09:00 CET.
    assert.equal(iso(addWorkingTime(office, utc('2026-11-28T11:00:00Z'), HOUR)), '2026-11-30T08:00:00.000Z');
    assert.equal(workingTimeBetween(office, utc('2026-11-28T11:00:00Z'), utc('2026-11-29T11:00:00Z')), 0);
  });

  it('skips holidays', () => {
    // Wednesday 23 Dec 17:00 + 2 h: 24 and 25 Dec are holidays, then the weekend: Monday 28 Dec 09:00.
    assert.equal(iso(addWorkingTime(office, utc('2026-12-23T16:00:00Z'), 2 * HOUR)), '2026-12-28T08:00:00.000Z');
  });

  it('counts real hours across the spring DST change', () => {
    // Berlin skips 02:00-03:00 on Sunday 28 March 2027: that day has 23 hours.
    assert.equal(workingTimeBetween(always, utc('2027-03-27T23:00:00Z'), utc('2027-03-28T22:00:00Z')), 23 * HOUR);
    // Saturday 12:00 CET + 24 h of working time = Sunday 13:00 CEST (a naive wall-clock sum says 12:00).
    assert.equal(iso(addWorkingTime(always, utc('2027-03-27T11:00:00Z'), 24 * HOUR)), '2027-03-28T11:00:00.000Z');
    // Office hours: Friday 26 March 17:00 CET + 2 h = Monday 29 March 09:00 CEST.
    assert.equal(iso(addWorkingTime(office, utc('2027-03-26T16:00:00Z'), 2 * HOUR)), '2027-03-29T07:00:00.000Z');
  });

  it('counts real hours across the autumn DST change', () => {
    // Sunday 31 October 2027 has 25 hours in Berlin.
    assert.equal(workingTimeBetween(always, utc('2027-10-30T22:00:00Z'), utc('2027-10-31T23:00:00Z')), 25 * HOUR);
  });

  it('refuses a calendar without working hours', () => {
    assert.throws(() => addWorkingTime({ timeZone: 'UTC', workingHours: {} }, 0, HOUR), /no working hours/);
  });
});
