/**
 * Calendar arithmetic in IANA time zones with nothing but `Intl.DateTimeFormat`.
 *
 * Buckets follow the local clock of the zone: a `1d` bucket in Europe/Paris runs from one
 * local midnight to the next, so it lasts 23 hours on the last Sunday of March and 25 on
 * the last Sunday of October; weeks start on Monday; months on the 1st. Sub-day buckets
 * (`1m`..`1h`) are aligned on the local clock too and never straddle an offset change.
 */
import type { Interval } from './types';

export type BucketInterval = Exclude<Interval, 'raw'>;

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Fixed lengths of the sub-day intervals; day, week and month follow the calendar. */
export const FIXED_INTERVAL_MS: Readonly<Partial<Record<BucketInterval, number>>> = {
  '1m': MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '1h': HOUR,
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Whether the runtime knows `tz` as an IANA zone name (e.g. `Europe/Paris`, `UTC`). */
export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.length === 0 || tz.length > 64) return false;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const WALL = /^(\d{1,2})\/(\d{1,2})\/(\d{4}), (\d{2}):(\d{2}):(\d{2})$/;
/** Recent answers per zone: bucket walks ask for the same instants several times. */
const memo = new Map<string, Map<number, WallClock>>();
const MEMO_SIZE = 20_000;

/** The local date and time at instant `ts` in `tz`. */
export function wallClock(ts: number, tz: string): WallClock {
  let zone = memo.get(tz);
  if (!zone) memo.set(tz, (zone = new Map()));
  const known = zone.get(ts);
  if (known) return known;
  // `format` is ~3x faster than `formatToParts`; the parts are the fallback for odd years.
  const m = WALL.exec(formatter(tz).format(ts));
  let w: WallClock;
  if (m) {
    w = { year: Number(m[3]), month: Number(m[1]), day: Number(m[2]), hour: Number(m[4]) % 24, minute: Number(m[5]), second: Number(m[6]) };
  } else {
    const fields: Record<string, number> = {};
    for (const part of formatter(tz).formatToParts(ts)) {
      if (part.type !== 'literal') fields[part.type] = Number(part.value);
    }
    w = {
      year: fields.year ?? 0,
      month: fields.month ?? 1,
      day: fields.day ?? 1,
      hour: (fields.hour ?? 0) % 24,
      minute: fields.minute ?? 0,
      second: fields.second ?? 0,
    };
  }
  if (zone.size >= MEMO_SIZE) zone.clear();
  zone.set(ts, w);
  return w;
}

/** Local time minus UTC at instant `ts`, in ms (e.g. +3 600 000 for Paris in winter). */
export function offsetMs(ts: number, tz: string): number {
  const w = wallClock(ts, tz);
  const wallSeconds = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return wallSeconds - (ts - mod(ts, 1000));
}

/**
 * The first instant whose local time in `tz` is at or after the wall-clock time `wall`
 * (the local fields encoded as if they were UTC, e.g. `Date.UTC(2026, 2, 29)`).
 * For a time that occurs twice (autumn), the earlier instant; for one that never occurs
 * (spring gap), the instant the clock jumps.
 */
export function localToUtc(wall: number, tz: string): number {
  const before = offsetMs(wall - DAY, tz);
  const after = offsetMs(wall + DAY, tz);
  const matches = [wall - before, wall - after].filter((t) => t + offsetMs(t, tz) === wall);
  if (matches.length > 0) return Math.min(...matches);
  // In a gap: binary search for the transition, the first instant that is locally >= wall.
  let lo = Math.min(wall - before, wall - after);
  let hi = Math.max(wall - before, wall - after);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (mid + offsetMs(mid, tz) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The start of the bucket of `interval` in `tz` that contains instant `ts`. */
export function bucketStart(ts: number, interval: BucketInterval, tz: string): number {
  const size = FIXED_INTERVAL_MS[interval];
  if (size !== undefined) {
    const off = offsetMs(ts, tz);
    const start = Math.floor((ts + off) / size) * size - off;
    if (offsetMs(start, tz) === off) return start;
    // The offset changed inside the bucket: it starts at the change instead.
    return firstInstantWithOffset(start, ts, off, tz);
  }
  const w = wallClock(ts, tz);
  switch (interval) {
    case '1d':
      return localToUtc(Date.UTC(w.year, w.month - 1, w.day), tz);
    case '1w': {
      const dow = new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay();
      return localToUtc(Date.UTC(w.year, w.month - 1, w.day - ((dow + 6) % 7)), tz);
    }
    default:
      return localToUtc(Date.UTC(w.year, w.month - 1, 1), tz);
  }
}

/** The start of the bucket that follows the one starting at `start`. */
export function nextBucketStart(start: number, interval: BucketInterval, tz: string): number {
  const size = FIXED_INTERVAL_MS[interval];
  if (size !== undefined) {
    const next = bucketStart(start + size, interval, tz);
    return next > start ? next : start + size;
  }
  // The local date of `start` (a midnight that falls in a spring gap starts at the jump).
  const w = wallClock(start, tz);
  if (interval === '1mo') return localToUtc(Date.UTC(w.year, w.month, 1), tz);
  return localToUtc(Date.UTC(w.year, w.month - 1, w.day + (interval === '1d' ? 1 : 7)), tz);
}

/** The bucket starts in `[from, to)` (the first bucket is the one containing `from`), at most `max`. */
export function bucketStarts(from: number, to: number, interval: BucketInterval, tz: string, max = Number.POSITIVE_INFINITY): number[] {
  const out: number[] = [];
  for (let b = bucketStart(from, interval, tz); b < to && out.length < max; b = nextBucketStart(b, interval, tz)) out.push(b);
  return out;
}

/** `ts` as ISO 8601 in the local time of `tz`, with its offset (`Z` when zero). */
export function formatInZone(ts: number, tz: string): string {
  const w = wallClock(ts, tz);
  const off = offsetMs(ts, tz);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const ms = mod(ts, 1000);
  const date = `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}.${pad(ms, 3)}`;
  if (off === 0) return `${date}Z`;
  const abs = Math.abs(off) / MINUTE;
  return `${date}${off < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(Math.round(abs % 60))}`;
}

function firstInstantWithOffset(lo: number, hi: number, off: number, tz: string): number {
  // Invariant: offset(lo) !== off, offset(hi) === off.
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetMs(mid, tz) === off) hi = mid;
    else lo = mid;
  }
  return hi;
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}
