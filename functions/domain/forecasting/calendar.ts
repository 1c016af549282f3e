/**
 * Calendar periods a series is aggregated to (day, ISO week starting Monday, month),
 * as integer indices so that gaps and horizons are simple arithmetic. Dates are UTC
 * calendar dates written `YYYY-MM-DD` (the first day of the period).
 */

/** The aggregation period of a series. */
export type Frequency = 'day' | 'week' | 'month';

const DAY_MS = 86_400_000;

/** The usual seasonal cycle of each frequency: a year of months, a week of days, a year of weeks. */
export const SEASON_LENGTH: Record<Frequency, number> = { month: 12, day: 7, week: 52 };

/** Candidate seasonal periods tried by period detection, most natural first. */
export const PERIOD_CANDIDATES: Record<Frequency, number[]> = { month: [12, 6, 4, 3], day: [7], week: [52, 13, 4] };

/** Index of the period containing the UTC date given as year, month (1-12), day. */
export function periodIndex(year: number, month: number, day: number, frequency: Frequency): number {
  if (frequency === 'month') return year * 12 + (month - 1);
  const days = Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
  // 1970-01-01 was a Thursday: shift by 3 so weeks start on Monday.
  return frequency === 'day' ? days : Math.floor((days + 3) / 7);
}

/** First day of the period with this index, as `YYYY-MM-DD`. */
export function periodStart(index: number, frequency: Frequency): string {
  let ms: number;
  if (frequency === 'month') ms = Date.UTC(Math.floor(index / 12), ((index % 12) + 12) % 12, 1);
  else if (frequency === 'day') ms = index * DAY_MS;
  else ms = (index * 7 - 3) * DAY_MS;
  return new Date(ms).toISOString().slice(0, 10);
}

/** Index of the period starting at (or containing) an ISO date `YYYY-MM-DD...`; null when not a date. */
export function periodIndexOfIso(iso: string, frequency: Frequency): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return null;
  return periodIndex(Number(m[1]), Number(m[2]), Number(m[3]), frequency);
}

/** Human-readable length of `count` periods, e.g. "18 months". */
export function describePeriods(count: number, frequency: Frequency): string {
  return `${count} ${frequency}${count === 1 ? '' : 's'}`;
}
