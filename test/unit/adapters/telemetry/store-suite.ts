/**
 * The behavioural suite every TelemetryStore adapter must pass: DynamoDB against DynamoDB
 * Local (test/integration/telemetry-store.test.ts), Timestream against the in-memory fake
 * behind aws-sdk-client-mock (test/unit/telemetry/timestream-store.test.ts).
 *
 * Every test writes to sensors and tenants of its own, so tests never see each other's data.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { partialOfReadings, finalize } from '#domain/telemetry/partials';
import type { TelemetryQuery, TelemetryStore } from '#domain/telemetry/store';
import type { Aggregation, Point, Quality, Reading } from '#domain/telemetry/types';
import { ValidationFailed } from '#platform/errors';

const MIN = 60_000;
const HOUR = 3_600_000;
const utc = (iso: string) => Date.parse(iso);

let seq = 0;
const unique = () => `${randomBytes(3).toString('hex').toUpperCase()}${(seq++).toString(36).toUpperCase()}`;
const newSensor = (kind = 'PH') => `${kind}_${unique()}`;
const newTenant = () => `t-${unique().toLowerCase()}`;

function series(sensorId: string, from: number, to: number, step: number, value: (ts: number, i: number) => number, quality: (i: number) => Quality = () => 'GOOD'): Reading[] {
  const out: Reading[] = [];
  for (let ts = from, i = 0; ts < to; ts += step, i++) out.push({ sensorId, ts, value: value(ts, i), quality: quality(i) });
  return out;
}

function q(sensorId: string, over: Partial<TelemetryQuery> & Pick<TelemetryQuery, 'from' | 'to'>): TelemetryQuery {
  return { sensorId, interval: '1h', agg: 'avg', tz: 'UTC', fill: 'none', limit: 1000, ...over };
}

/** Every page of a query, concatenated. */
async function allPages(store: TelemetryStore, tenantId: string, query: TelemetryQuery): Promise<{ points: Point[]; pages: number }> {
  const points: Point[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await store.query(tenantId, { ...query, ...(cursor ? { cursor } : {}) });
    points.push(...page.points);
    cursor = page.nextCursor ?? undefined;
    pages++;
    if (pages > 500) throw new Error('pagination does not end');
  } while (cursor);
  return { points, pages };
}

export function describeTelemetryStore(name: string, makeStore: () => Promise<TelemetryStore> | TelemetryStore): void {
  describe(`TelemetryStore contract: ${name}`, () => {
    let store: TelemetryStore;
    beforeAll(async () => {
      store = await makeStore();
    });

    describe('write', () => {
      it('stores readings and returns them raw, in time order, in the query zone', async () => {
        const tenant = newTenant();
        const s = newSensor();
        const readings = series(s, utc('2026-05-01T10:00:00Z'), utc('2026-05-01T10:05:00Z'), MIN, (_, i) => 7 + i / 10);
        const result = await store.write(tenant, [...readings].reverse());
        expect(result).toEqual({ written: 5, rejected: [] });
        const page = await store.query(tenant, q(s, { from: utc('2026-05-01T00:00:00Z'), to: utc('2026-05-02T00:00:00Z'), interval: 'raw', tz: 'Europe/Paris' }));
        expect(page.nextCursor).toBeNull();
        expect(page.points).toEqual(
          readings.map((r, i) => ({ ts: `2026-05-01T12:0${i}:00.000+02:00`, value: r.value, count: 1, quality: 'GOOD' })),
        );
      });

      it('is idempotent: a replayed batch is stored once and counted once in aggregates', async () => {
        const tenant = newTenant();
        const s = newSensor();
        const readings = series(s, utc('2026-05-02T00:00:00Z'), utc('2026-05-02T03:00:00Z'), 10 * MIN, (_, i) => i);
        expect(await store.write(tenant, readings)).toEqual({ written: 18, rejected: [] });
        expect(await store.write(tenant, readings)).toEqual({ written: 18, rejected: [] });
        expect(await store.write(tenant, readings.slice(3, 9))).toEqual({ written: 6, rejected: [] });
        const raw = await store.query(tenant, q(s, { from: utc('2026-05-02T00:00:00Z'), to: utc('2026-05-03T00:00:00Z'), interval: 'raw' }));
        expect(raw.points).toHaveLength(18);
        for (const interval of ['1m', '1h', '1d'] as const) {
          const agg = await allPages(store, tenant, q(s, { from: utc('2026-05-02T00:00:00Z'), to: utc('2026-05-03T00:00:00Z'), interval, agg: 'count' }));
          expect(agg.points.reduce((n, p) => n + p.count, 0)).toBe(18);
        }
        const day = await store.query(tenant, q(s, { from: utc('2026-05-02T00:00:00Z'), to: utc('2026-05-03T00:00:00Z'), interval: '1d', agg: 'sum' }));
        expect(day.points).toEqual([{ ts: '2026-05-02T00:00:00.000Z', value: 153, count: 18 }]);
      });

      it('keeps the first value of a sensor and timestamp, and rejects another value for it', async () => {
        const tenant = newTenant();
        const s = newSensor();
        const ts = utc('2026-05-03T08:00:00Z');
        await store.write(tenant, [
          { sensorId: s, ts, value: 7.1, quality: 'GOOD' },
          { sensorId: s, ts: ts + 2 * MIN, value: 7.3, quality: 'GOOD' },
        ]);
        const result = await store.write(tenant, [
          { sensorId: s, ts: ts + MIN, value: 7.2, quality: 'GOOD' },
          { sensorId: s, ts, value: 9.9, quality: 'GOOD' },
          { sensorId: s, ts: ts + 2 * MIN, value: 7.3, quality: 'GOOD' },
        ]);
        expect(result.written).toBe(2);
        expect(result.rejected).toEqual([{ index: 1, code: 'CONFLICTING_READING', message: expect.any(String) }]);
        const raw = await store.query(tenant, q(s, { from: ts, to: ts + HOUR, interval: 'raw' }));
        expect(raw.points.map((p) => p.value)).toEqual([7.1, 7.2, 7.3]);
        const sum = await store.query(tenant, q(s, { from: ts, to: ts + HOUR, agg: 'sum' }));
        expect(sum.points.map((p) => p.count)).toEqual([3]);
        expect(sum.points[0]?.value).toBeCloseTo(21.6, 9);
      });

      it('stores a reading repeated within a batch once, and rejects a repeat with another value', async () => {
        const tenant = newTenant();
        const s = newSensor();
        const ts = utc('2026-05-03T09:00:00Z');
        const result = await store.write(tenant, [
          { sensorId: s, ts, value: 1, quality: 'GOOD' },
          { sensorId: s, ts, value: 1, quality: 'GOOD' },
          { sensorId: s, ts: ts + MIN, value: 2, quality: 'GOOD' },
          { sensorId: s, ts: ts + MIN, value: 3, quality: 'GOOD' },
        ]);
        expect(result).toEqual({ written: 3, rejected: [{ index: 3, code: 'CONFLICTING_READING', message: expect.any(String) }] });
        const count = await store.query(tenant, q(s, { from: ts, to: ts + HOUR, agg: 'count' }));
        expect(count.points.map((p) => p.count)).toEqual([2]);
      });

      it('rejects malformed readings by index and stores the others', async () => {
        const tenant = newTenant();
        const s = newSensor();
        const ts = utc('2026-05-04T08:00:00Z');
        const result = await store.write(tenant, [
          { sensorId: s, ts, value: 7, quality: 'GOOD' },
          { sensorId: "X'; DROP", ts, value: 7, quality: 'GOOD' },
          { sensorId: s, ts: ts + MIN, value: Number.NaN, quality: 'GOOD' },
          { sensorId: s, ts: ts + 2 * MIN, value: 8, quality: 'SOMETIMES' as Quality },
          { sensorId: s, ts: ts + 3 * MIN, value: 9, quality: 'BAD', unit: 'pH', metadata: { battery: 0.8 } },
        ]);
        expect(result.written).toBe(2);
        expect(result.rejected.map((r) => [r.index, r.code])).toEqual([
          [1, 'INVALID_READING'],
          [2, 'INVALID_READING'],
          [3, 'INVALID_READING'],
        ]);
      });

      it('handles a batch of 1000 readings of many sensors', async () => {
        const tenant = newTenant();
        const sensors = Array.from({ length: 10 }, () => newSensor('FLOW'));
        const readings = sensors.flatMap((s) => series(s, utc('2026-05-05T00:00:00Z'), utc('2026-05-05T00:00:00Z') + 100 * MIN, MIN, (_, i) => i));
        expect(await store.write(tenant, readings)).toEqual({ written: 1000, rejected: [] });
        const day = await store.query(tenant, q(sensors[7] as string, { from: utc('2026-05-05T00:00:00Z'), to: utc('2026-05-06T00:00:00Z'), interval: '1d', agg: 'sum' }));
        expect(day.points).toEqual([{ ts: '2026-05-05T00:00:00.000Z', value: 4950, count: 100 }]);
      });
    });

    describe('aggregates', () => {
      const tenant = newTenant();
      const s = newSensor('TEMP');
      // 09:00-11:00 UTC every 5 minutes, value = index (0..23); one BAD reading at 10:30.
      const readings = series(s, utc('2026-06-01T09:00:00Z'), utc('2026-06-01T11:00:00Z'), 5 * MIN, (_, i) => i, (i) => (i === 18 ? 'BAD' : 'GOOD'));
      beforeAll(async () => {
        expect((await store.write(tenant, readings)).written).toBe(24);
      });

      it.each(['avg', 'min', 'max', 'sum', 'count', 'first', 'last', 'stddev'] as Aggregation[])('computes %s per hour as from raw values', async (agg) => {
        const page = await store.query(tenant, q(s, { from: utc('2026-06-01T09:00:00Z'), to: utc('2026-06-01T11:00:00Z'), agg }));
        const hours = [readings.slice(0, 12), readings.slice(12)];
        expect(page.points.map((p) => p.ts)).toEqual(['2026-06-01T09:00:00.000Z', '2026-06-01T10:00:00.000Z']);
        page.points.forEach((p, i) => {
          const expected = finalize(partialOfReadings(hours[i] as Reading[]) as NonNullable<ReturnType<typeof partialOfReadings>>, agg) as number;
          expect(p.count).toBe(12);
          expect(p.value).toBeCloseTo(expected, 9);
        });
      });

      it('aggregates 5m and 15m buckets', async () => {
        const five = await store.query(tenant, q(s, { from: utc('2026-06-01T09:00:00Z'), to: utc('2026-06-01T09:15:00Z'), interval: '5m', agg: 'max' }));
        expect(five.points).toEqual([
          { ts: '2026-06-01T09:00:00.000Z', value: 0, count: 1 },
          { ts: '2026-06-01T09:05:00.000Z', value: 1, count: 1 },
          { ts: '2026-06-01T09:10:00.000Z', value: 2, count: 1 },
        ]);
        const quarter = await store.query(tenant, q(s, { from: utc('2026-06-01T10:00:00Z'), to: utc('2026-06-01T10:30:00Z'), interval: '15m', agg: 'sum', tz: 'Asia/Kathmandu' }));
        expect(quarter.points).toEqual([
          { ts: '2026-06-01T15:45:00.000+05:45', value: 12 + 13 + 14, count: 3 },
          { ts: '2026-06-01T16:00:00.000+05:45', value: 15 + 16 + 17, count: 3 },
        ]);
      });

      it('returns whole buckets that intersect [from, to)', async () => {
        const page = await store.query(tenant, q(s, { from: utc('2026-06-01T09:40:00Z'), to: utc('2026-06-01T10:01:00Z'), agg: 'count' }));
        expect(page.points).toEqual([
          { ts: '2026-06-01T09:00:00.000Z', value: 12, count: 12 },
          { ts: '2026-06-01T10:00:00.000Z', value: 12, count: 12 },
        ]);
      });

      it('filters by quality, raw and aggregated', async () => {
        const range = { from: utc('2026-06-01T00:00:00Z'), to: utc('2026-06-02T00:00:00Z') };
        const bad = await store.query(tenant, q(s, { ...range, interval: 'raw', quality: ['BAD'] }));
        expect(bad.points).toEqual([{ ts: '2026-06-01T10:30:00.000Z', value: 18, count: 1, quality: 'BAD' }]);
        const good = await store.query(tenant, q(s, { ...range, interval: '1d', agg: 'sum', quality: ['GOOD'] }));
        expect(good.points).toEqual([{ ts: '2026-06-01T00:00:00.000Z', value: 276 - 18, count: 23 }]);
        const both = await store.query(tenant, q(s, { ...range, interval: '1d', agg: 'count', quality: ['GOOD', 'BAD'] }));
        expect(both.points[0]?.count).toBe(24);
      });

      it('fills empty buckets: none, null, previous, linear', async () => {
        const range = { from: utc('2026-06-01T07:00:00Z'), to: utc('2026-06-01T13:00:00Z'), agg: 'first' as const };
        const values = async (fill: TelemetryQuery['fill']) => (await store.query(tenant, q(s, { ...range, fill }))).points.map((p) => [p.ts.slice(11, 13), p.value, p.count]);
        expect(await values('none')).toEqual([['09', 0, 12], ['10', 12, 12]]);
        expect(await values('null')).toEqual([['07', null, 0], ['08', null, 0], ['09', 0, 12], ['10', 12, 12], ['11', null, 0], ['12', null, 0]]);
        expect(await values('previous')).toEqual([['07', null, 0], ['08', null, 0], ['09', 0, 12], ['10', 12, 12], ['11', 12, 0], ['12', 12, 0]]);
        expect(await values('linear')).toEqual([['07', null, 0], ['08', null, 0], ['09', 0, 12], ['10', 12, 12], ['11', null, 0], ['12', null, 0]]);
      });

      it('interpolates linearly between buckets', async () => {
        const tenant2 = newTenant();
        const s2 = newSensor('LEVEL');
        await store.write(tenant2, [
          { sensorId: s2, ts: utc('2026-06-02T00:10:00Z'), value: 10, quality: 'GOOD' },
          { sensorId: s2, ts: utc('2026-06-02T04:20:00Z'), value: 30, quality: 'GOOD' },
        ]);
        const page = await store.query(tenant2, q(s2, { from: utc('2026-06-02T00:00:00Z'), to: utc('2026-06-02T05:00:00Z'), fill: 'linear' }));
        expect(page.points.map((p) => p.value)).toEqual([10, 15, 20, 25, 30]);
        expect(page.points.map((p) => p.count)).toEqual([1, 0, 0, 0, 1]);
      });
    });

    describe('calendar buckets in a time zone', () => {
      it('makes a 23-hour day in Europe/Paris on 2026-03-29 and a 25-hour day on 2026-10-25', async () => {
        const tenant = newTenant();
        const s = newSensor('PRESSURE');
        const spring = series(s, utc('2026-03-27T23:00:00Z'), utc('2026-03-30T22:00:00Z'), 30 * MIN, () => 3);
        const autumn = series(s, utc('2026-10-23T22:00:00Z'), utc('2026-10-26T23:00:00Z'), 30 * MIN, () => 4);
        expect((await store.write(tenant, [...spring, ...autumn])).rejected).toEqual([]);
        const march = await store.query(tenant, q(s, { from: utc('2026-03-27T23:00:00Z'), to: utc('2026-03-30T22:00:00Z'), interval: '1d', agg: 'count', tz: 'Europe/Paris' }));
        expect(march.points).toEqual([
          { ts: '2026-03-28T00:00:00.000+01:00', value: 48, count: 48 },
          { ts: '2026-03-29T00:00:00.000+01:00', value: 46, count: 46 },
          { ts: '2026-03-30T00:00:00.000+02:00', value: 48, count: 48 },
        ]);
        const october = await store.query(tenant, q(s, { from: utc('2026-10-23T22:00:00Z'), to: utc('2026-10-26T23:00:00Z'), interval: '1d', agg: 'count', tz: 'Europe/Paris' }));
        expect(october.points).toEqual([
          { ts: '2026-10-24T00:00:00.000+02:00', value: 48, count: 48 },
          { ts: '2026-10-25T00:00:00.000+02:00', value: 50, count: 50 },
          { ts: '2026-10-26T00:00:00.000+01:00', value: 48, count: 48 },
        ]);
        const hours = await store.query(tenant, q(s, { from: utc('2026-10-24T22:00:00Z'), to: utc('2026-10-25T23:00:00Z'), interval: '1h', agg: 'count', tz: 'Europe/Paris' }));
        expect(hours.points).toHaveLength(25);
        expect(hours.points.slice(1, 4).map((p) => p.ts)).toEqual(['2026-10-25T01:00:00.000+02:00', '2026-10-25T02:00:00.000+02:00', '2026-10-25T02:00:00.000+01:00']);
      });

      it('uses half-hour offsets (Asia/Kolkata) for days and hours', async () => {
        const tenant = newTenant();
        const s = newSensor('CHLORINE');
        await store.write(tenant, series(s, utc('2026-07-01T00:00:00Z'), utc('2026-07-02T00:00:00Z'), 15 * MIN, (_, i) => i));
        const days = await store.query(tenant, q(s, { from: utc('2026-07-01T00:00:00Z'), to: utc('2026-07-02T00:00:00Z'), interval: '1d', agg: 'count', tz: 'Asia/Kolkata' }));
        expect(days.points).toEqual([
          { ts: '2026-07-01T00:00:00.000+05:30', value: 74, count: 74 },
          { ts: '2026-07-02T00:00:00.000+05:30', value: 22, count: 22 },
        ]);
        const hours = await store.query(tenant, q(s, { from: utc('2026-07-01T00:00:00Z'), to: utc('2026-07-01T02:00:00Z'), interval: '1h', agg: 'first', tz: 'Asia/Kolkata' }));
        expect(hours.points).toEqual([
          { ts: '2026-07-01T05:00:00.000+05:30', value: 0, count: 2 },
          { ts: '2026-07-01T06:00:00.000+05:30', value: 2, count: 4 },
          { ts: '2026-07-01T07:00:00.000+05:30', value: 6, count: 4 },
        ]);
      });

      it('starts weeks on Monday and months on the 1st, in the zone', async () => {
        const tenant = newTenant();
        const s = newSensor('LEVEL');
        // Every 6 hours from 2026-03-01 to 2026-05-01 UTC.
        await store.write(tenant, series(s, utc('2026-03-01T00:00:00Z'), utc('2026-05-01T00:00:00Z'), 6 * HOUR, () => 1));
        // Monday 2026-03-02 00:00 EST to Monday 2026-03-16 00:00 EDT: the first week has 167 hours.
        const weeks = await store.query(tenant, q(s, { from: utc('2026-03-02T05:00:00Z'), to: utc('2026-03-16T04:00:00Z'), interval: '1w', agg: 'count', tz: 'America/New_York' }));
        expect(weeks.points.map((p) => [p.ts, p.count])).toEqual([
          ['2026-03-02T00:00:00.000-05:00', 28],
          ['2026-03-09T00:00:00.000-04:00', 28],
        ]);
        const months = await store.query(tenant, q(s, { from: utc('2026-03-01T00:00:00Z'), to: utc('2026-04-30T00:00:00Z'), interval: '1mo', agg: 'sum', tz: 'Europe/Paris' }));
        expect(months.points.map((p) => [p.ts, p.count])).toEqual([
          ['2026-03-01T00:00:00.000+01:00', 124],
          ['2026-04-01T00:00:00.000+02:00', 120],
        ]);
      });
    });

    describe('pagination', () => {
      const tenant = newTenant();
      const s = newSensor('TURB');
      const readings = series(s, utc('2026-08-01T00:00:00Z'), utc('2026-08-03T00:00:00Z'), 20 * MIN, (_, i) => Math.sin(i / 5) * 10 + 20);
      beforeAll(async () => {
        // Leave a gap from 10:00 to 16:00 on 2026-08-01 to exercise fill across pages.
        const kept = readings.filter((r) => r.ts < utc('2026-08-01T10:00:00Z') || r.ts >= utc('2026-08-01T16:00:00Z'));
        expect((await store.write(tenant, kept)).rejected).toEqual([]);
      });
      const range = { from: utc('2026-08-01T00:00:00Z'), to: utc('2026-08-03T00:00:00Z') };

      it('pages raw readings with opaque cursors, across day partitions', async () => {
        const whole = await store.query(tenant, q(s, { ...range, interval: 'raw', limit: 1000 }));
        expect(whole.points).toHaveLength(126);
        const paged = await allPages(store, tenant, q(s, { ...range, interval: 'raw', limit: 7 }));
        expect(paged.pages).toBe(18);
        expect(paged.points).toEqual(whole.points);
      });

      it.each(['none', 'null', 'previous', 'linear'] as const)('pages buckets with fill %s exactly as one page would', async (fill) => {
        const query = q(s, { ...range, interval: '1h', agg: 'avg', fill, tz: 'Europe/Paris' });
        const whole = await store.query(tenant, { ...query, limit: 1000 });
        expect(whole.nextCursor).toBeNull();
        expect(whole.points).toHaveLength(fill === 'none' ? 42 : 48);
        const paged = await allPages(store, tenant, { ...query, limit: 5 });
        expect(paged.points).toEqual(whole.points);
      });

      it('refuses a tampered cursor, or one from another query', async () => {
        const first = await store.query(tenant, q(s, { ...range, interval: 'raw', limit: 2 }));
        const cursor = first.nextCursor as string;
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        await expect(store.query(tenant, q(s, { ...range, interval: 'raw', limit: 2, cursor: `AAAA${cursor.slice(4)}` }))).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
        await expect(store.query(tenant, q(newSensor(), { ...range, interval: 'raw', limit: 2, cursor }))).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
        await expect(store.query(newTenant(), q(s, { ...range, interval: 'raw', limit: 2, cursor }))).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
        await expect(store.query(tenant, q(s, { ...range, interval: '1h', limit: 2, cursor }))).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
      });
    });

    describe('queries', () => {
      it('refuses invalid queries with ValidationFailed', async () => {
        const tenant = newTenant();
        const base = q('PH_001', { from: utc('2026-01-01T00:00:00Z'), to: utc('2026-01-02T00:00:00Z') });
        for (const bad of [{ tz: 'Mars/Olympus' }, { sensorId: "PH' OR 1=1" }, { from: base.to }, { limit: 0 }, { interval: '2h' }, { quality: ['SO-SO'] }]) {
          await expect(store.query(tenant, { ...base, ...bad } as TelemetryQuery)).rejects.toBeInstanceOf(ValidationFailed);
        }
      });

      it('never crosses tenants', async () => {
        const a = newTenant();
        const b = newTenant();
        const s = newSensor();
        await store.write(a, [{ sensorId: s, ts: utc('2026-09-01T00:00:00Z'), value: 7, quality: 'GOOD' }]);
        const range = { from: utc('2026-09-01T00:00:00Z'), to: utc('2026-09-02T00:00:00Z') };
        expect((await store.query(b, q(s, { ...range, interval: 'raw' }))).points).toEqual([]);
        expect((await store.query(b, q(s, { ...range, interval: '1d', agg: 'count' }))).points).toEqual([]);
        expect((await store.latest(b, [s])).size).toBe(0);
        expect((await store.query(a, q(s, { ...range, interval: 'raw' }))).points).toHaveLength(1);
      });
    });

    describe('latest', () => {
      it('returns the newest reading of each sensor that has one, whatever the write order', async () => {
        const tenant = newTenant();
        const [s1, s2, s3] = [newSensor(), newSensor(), newSensor()];
        const t0 = utc('2026-09-10T12:00:00Z');
        await store.write(tenant, [
          { sensorId: s1 as string, ts: t0 + 2 * MIN, value: 7.2, quality: 'GOOD' },
          { sensorId: s2 as string, ts: t0, value: 1.5, quality: 'UNCERTAIN' },
        ]);
        await store.write(tenant, [{ sensorId: s1 as string, ts: t0, value: 7.0, quality: 'GOOD' }]);
        const latest = await store.latest(tenant, [s1 as string, s2 as string, s3 as string]);
        expect([...latest.keys()].sort()).toEqual([s1, s2].sort());
        expect(latest.get(s1 as string)).toMatchObject({ sensorId: s1, ts: t0 + 2 * MIN, value: 7.2, quality: 'GOOD' });
        expect(latest.get(s2 as string)).toMatchObject({ sensorId: s2, ts: t0, value: 1.5, quality: 'UNCERTAIN' });
        await store.write(tenant, [{ sensorId: s1 as string, ts: t0 + 5 * MIN, value: 6.9, quality: 'BAD' }]);
        expect((await store.latest(tenant, [s1 as string])).get(s1 as string)).toMatchObject({ ts: t0 + 5 * MIN, value: 6.9, quality: 'BAD' });
        expect((await store.latest(tenant, [])).size).toBe(0);
      });
    });
  });
}
