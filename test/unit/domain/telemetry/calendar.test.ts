/** Calendar buckets in IANA zones, across daylight-saving changes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketStart, bucketStarts, formatInZone, isValidTimeZone, localToUtc, nextBucketStart, offsetMs, type BucketInterval } from '#domain/telemetry/calendar';

const utc = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;
const fmt = (ts: number[], tz: string) => ts.map((t) => formatInZone(t, tz));

describe('offsets and local times', () => {
  it('reads offsets of Paris, New York and Kolkata', () => {
    expect(offsetMs(utc('2026-01-15T12:00:00Z'), 'Europe/Paris')).toBe(HOUR);
    expect(offsetMs(utc('2026-07-15T12:00:00Z'), 'Europe/Paris')).toBe(2 * HOUR);
    expect(offsetMs(utc('2026-07-15T12:00:00Z'), 'America/New_York')).toBe(-4 * HOUR);
    expect(offsetMs(utc('2026-07-15T12:00:00Z'), 'Asia/Kolkata')).toBe(5.5 * HOUR);
    expect(offsetMs(utc('2026-07-15T12:00:00Z'), 'UTC')).toBe(0);
  });

  it('maps a local time to UTC, the earlier instant when it occurs twice, the jump when it never occurs', () => {
    expect(localToUtc(Date.UTC(2026, 2, 29, 0, 0), 'Europe/Paris')).toBe(utc('2026-03-28T23:00:00Z'));
    // 02:30 does not exist on 2026-03-29 in Paris: the clock jumps from 02:00 to 03:00 (01:00 UTC).
    expect(localToUtc(Date.UTC(2026, 2, 29, 2, 30), 'Europe/Paris')).toBe(utc('2026-03-29T01:00:00Z'));
    // 02:30 happens twice on 2026-10-25: first in CEST (00:30 UTC).
    expect(localToUtc(Date.UTC(2026, 9, 25, 2, 30), 'Europe/Paris')).toBe(utc('2026-10-25T00:30:00Z'));
    // Santiago skips midnight when DST starts (2026-09-06): the day starts at 01:00 local.
    expect(formatInZone(localToUtc(Date.UTC(2026, 8, 6), 'America/Santiago'), 'America/Santiago')).toBe('2026-09-06T01:00:00.000-03:00');
  });

  it('formats instants in the zone with their offset', () => {
    expect(formatInZone(utc('2026-03-29T00:59:59.999Z'), 'Europe/Paris')).toBe('2026-03-29T01:59:59.999+01:00');
    expect(formatInZone(utc('2026-03-29T01:00:00Z'), 'Europe/Paris')).toBe('2026-03-29T03:00:00.000+02:00');
    expect(formatInZone(utc('2026-07-01T00:00:00Z'), 'UTC')).toBe('2026-07-01T00:00:00.000Z');
    expect(formatInZone(utc('2026-07-01T00:00:00Z'), 'Asia/Kathmandu')).toBe('2026-07-01T05:45:00.000+05:45');
    expect(formatInZone(utc('2026-07-01T00:00:00Z'), 'America/St_Johns')).toBe('2026-06-30T21:30:00.000-02:30');
  });

  it('knows IANA names and refuses others', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

describe('days in Europe/Paris across DST', () => {
  it('2026-03-29 lasts 23 hours', () => {
    const days = bucketStarts(utc('2026-03-28T12:00:00Z'), utc('2026-03-30T12:00:00Z'), '1d', 'Europe/Paris');
    expect(fmt(days, 'Europe/Paris')).toEqual(['2026-03-28T00:00:00.000+01:00', '2026-03-29T00:00:00.000+01:00', '2026-03-30T00:00:00.000+02:00']);
    expect(((days[2] as number) - (days[1] as number)) / HOUR).toBe(23);
  });

  it('2026-10-25 lasts 25 hours', () => {
    const days = bucketStarts(utc('2026-10-24T12:00:00Z'), utc('2026-10-26T12:00:00Z'), '1d', 'Europe/Paris');
    expect(fmt(days, 'Europe/Paris')).toEqual(['2026-10-24T00:00:00.000+02:00', '2026-10-25T00:00:00.000+02:00', '2026-10-26T00:00:00.000+01:00']);
    expect(((days[2] as number) - (days[1] as number)) / HOUR).toBe(25);
  });

  it('has 23 hourly buckets on 2026-03-29 and 25 on 2026-10-25, two of them labelled 02:00', () => {
    const spring = bucketStarts(utc('2026-03-28T23:00:00Z'), utc('2026-03-29T22:00:00Z'), '1h', 'Europe/Paris');
    expect(spring).toHaveLength(23);
    expect(fmt(spring.slice(1, 3), 'Europe/Paris')).toEqual(['2026-03-29T01:00:00.000+01:00', '2026-03-29T03:00:00.000+02:00']);
    const autumn = bucketStarts(utc('2026-10-24T22:00:00Z'), utc('2026-10-25T23:00:00Z'), '1h', 'Europe/Paris');
    expect(autumn).toHaveLength(25);
    expect(fmt(autumn.slice(2, 4), 'Europe/Paris')).toEqual(['2026-10-25T02:00:00.000+02:00', '2026-10-25T02:00:00.000+01:00']);
  });

  it('puts instants around the changes in the right day', () => {
    expect(bucketStart(utc('2026-03-29T21:59:59Z'), '1d', 'Europe/Paris')).toBe(utc('2026-03-28T23:00:00Z'));
    expect(bucketStart(utc('2026-03-29T22:00:00Z'), '1d', 'Europe/Paris')).toBe(utc('2026-03-29T22:00:00Z'));
    expect(bucketStart(utc('2026-10-25T22:59:59Z'), '1d', 'Europe/Paris')).toBe(utc('2026-10-24T22:00:00Z'));
    expect(bucketStart(utc('2026-10-25T23:00:00Z'), '1d', 'Europe/Paris')).toBe(utc('2026-10-25T23:00:00Z'));
  });
});

describe('weeks and months', () => {
  it('starts weeks on Monday at local midnight', () => {
    // 2026-03-29 is a Sunday: its week started on Monday 2026-03-23 (CET).
    expect(formatInZone(bucketStart(utc('2026-03-29T20:00:00Z'), '1w', 'Europe/Paris'), 'Europe/Paris')).toBe('2026-03-23T00:00:00.000+01:00');
    const next = nextBucketStart(utc('2026-03-22T23:00:00Z'), '1w', 'Europe/Paris');
    expect(formatInZone(next, 'Europe/Paris')).toBe('2026-03-30T00:00:00.000+02:00');
    expect((next - utc('2026-03-22T23:00:00Z')) / HOUR).toBe(7 * 24 - 1);
    // A Monday itself starts its own week.
    expect(bucketStart(utc('2026-06-01T00:00:00Z'), '1w', 'UTC')).toBe(utc('2026-06-01T00:00:00Z'));
  });

  it('starts months on the 1st at local midnight, across years', () => {
    const months = bucketStarts(utc('2026-11-15T00:00:00Z'), utc('2027-02-01T00:00:00Z'), '1mo', 'America/New_York');
    expect(fmt(months, 'America/New_York')).toEqual([
      '2026-11-01T00:00:00.000-04:00',
      '2026-12-01T00:00:00.000-05:00',
      '2027-01-01T00:00:00.000-05:00',
    ]);
    // `to` (2027-02-01T00:00Z) is still January 31 in New York: February is not reached.
  });

  it('aligns sub-hour buckets on the local clock of half- and quarter-hour zones', () => {
    expect(formatInZone(bucketStart(utc('2026-07-01T00:50:00Z'), '1h', 'Asia/Kolkata'), 'Asia/Kolkata')).toBe('2026-07-01T06:00:00.000+05:30');
    expect(bucketStart(utc('2026-07-01T00:50:00Z'), '1h', 'Asia/Kolkata')).toBe(utc('2026-07-01T00:30:00Z'));
    expect(bucketStart(utc('2026-07-01T00:50:00Z'), '15m', 'Asia/Kathmandu')).toBe(utc('2026-07-01T00:45:00Z'));
    expect(bucketStart(utc('2026-07-01T00:50:00Z'), '5m', 'UTC')).toBe(utc('2026-07-01T00:50:00Z'));
  });

  it('never lets an hour bucket straddle a half-hour offset change (Australia/Lord_Howe)', () => {
    // 2026-10-04 02:00 local (+10:30) jumps to 02:30 (+11:00) at 15:30 UTC the day before.
    const hours = bucketStarts(utc('2026-10-03T14:00:00Z'), utc('2026-10-03T17:00:00Z'), '1h', 'Australia/Lord_Howe');
    expect(fmt(hours, 'Australia/Lord_Howe')).toEqual([
      '2026-10-04T00:00:00.000+10:30',
      '2026-10-04T01:00:00.000+10:30',
      '2026-10-04T02:30:00.000+11:00',
      '2026-10-04T03:00:00.000+11:00',
    ]);
  });
});

describe('bucket properties', () => {
  const zones = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'America/Santiago', 'Asia/Kathmandu'];
  const intervals: BucketInterval[] = ['1m', '5m', '15m', '1h', '1d', '1w', '1mo'];

  it('every instant lies in its bucket, and buckets tile time without overlap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: utc('2024-01-01T00:00:00Z'), max: utc('2028-12-31T00:00:00Z') }),
        fc.constantFrom(...zones),
        fc.constantFrom(...intervals),
        (ts, tz, interval) => {
          const start = bucketStart(ts, interval, tz);
          const end = nextBucketStart(start, interval, tz);
          expect(start).toBeLessThanOrEqual(ts);
          expect(end).toBeGreaterThan(ts);
          expect(bucketStart(end, interval, tz)).toBe(end);
          expect(bucketStart(end - 1, interval, tz)).toBe(start);
          expect(bucketStart(start, interval, tz)).toBe(start);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('day buckets start at local midnight (or the first instant after a skipped midnight) and last 23 to 25 hours', () => {
    fc.assert(
      fc.property(fc.integer({ min: utc('2024-01-01T00:00:00Z'), max: utc('2028-12-31T00:00:00Z') }), fc.constantFrom(...zones), (ts, tz) => {
        const start = bucketStart(ts, '1d', tz);
        const length = nextBucketStart(start, '1d', tz) - start;
        expect(length).toBeGreaterThanOrEqual(23 * HOUR);
        expect(length).toBeLessThanOrEqual(25 * HOUR);
        expect(formatInZone(start, tz).slice(11, 16)).toMatch(/^0[01]:00$/);
      }),
      { numRuns: 300 },
    );
  });
});
