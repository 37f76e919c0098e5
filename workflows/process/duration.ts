// ISO 8601 durations limited to days, hours, minutes and seconds ("P3D", "PT4H", "PT1H30M", "PT5S"):
// exact lengths, so no calendar is needed to turn them into milliseconds. Pure: used in workflow code.
const pattern = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Milliseconds of a duration, or undefined when it is not one of the accepted forms or not positive. */
export function durationMs(text: string): number | undefined {
  const match = pattern.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return undefined;
  const [, days, hours, minutes, seconds] = match;
  const ms =
    Number(days ?? 0) * 86_400_000 +
    Number(hours ?? 0) * 3_600_000 +
    Number(minutes ?? 0) * 60_000 +
    Math.round(Number(seconds ?? 0) * 1000);
  return ms > 0 ? ms : undefined;
}

/** True when the duration has a day part, which business-time targets must not have. */
export function hasDays(text: string): boolean {
  return /^P\d+D/.test(text);
}
