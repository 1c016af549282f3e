/**
 * The shared query engine over an in-memory source: rollup choice, fill, paging and
 * cursors, and the property that neither the slot size nor the page size changes an answer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TelemetryQueryError } from '#domain/telemetry/errors';
import { mergePartials, partialOf, type Partial } from '#domain/telemetry/partials';
import { aggregatePage, coarsestAlignedStep, DAY_MS, HOUR_MS, MINUTE_MS, rawPage, type PartialSource, type TimedPartial } from '#domain/telemetry/query';
import type { QueryPage, TelemetryQuery } from '#domain/telemetry/store';
import { AGGREGATIONS, FILLS, type Point, type Reading } from '#domain/telemetry/types';

const utc = (iso: string) => Date.parse(iso);

/** Serves partials of any UTC-aligned step (0: one per reading) from readings in memory. */
function memorySource(readings: Array<{ ts: number; value: number }>, calls: Array<{ step: number; from: number; to: number }> = []): PartialSource {
  return async (step, from, to) => {
    calls.push({ step, from, to });
    const slots = new Map<number, Partial>();
    for (const r of readings) {
      if (r.ts < from || r.ts >= to) continue;
      const slot = step === 0 ? r.ts : Math.floor(r.ts / step) * step;
      slots.set(slot, mergePartials(slots.get(slot), partialOf(r.ts, r.value)) as Partial);
    }
    return [...slots.entries()].sort((a, b) => a[0] - b[0]).map(([ts, partial]): TimedPartial => ({ ts, partial }));
  };
}

async function pages(tenant: string, q: TelemetryQuery, steps: number[], source: PartialSource): Promise<Point[]> {
  const out: Point[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < 10_000; n++) {
    const page: QueryPage = await aggregatePage(tenant, { ...q, ...(cursor ? { cursor } : {}) }, steps, source);
    out.push(...page.points);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
  throw new Error('no end');
}

const base: TelemetryQuery = { sensorId: 'PH_001', from: utc('2026-03-28T00:00:00Z'), to: utc('2026-03-31T00:00:00Z'), interval: '1d', agg: 'avg', tz: 'Europe/Paris', fill: 'none', limit: 100 };

describe('slot choice', () => {
  it('picks the coarsest step that tiles every bucket', () => {
    expect(coarsestAlignedStep([utc('2026-03-28T00:00:00Z'), utc('2026-03-29T00:00:00Z')], [DAY_MS, HOUR_MS, MINUTE_MS])).toBe(DAY_MS);
    expect(coarsestAlignedStep([utc('2026-03-27T23:00:00Z'), utc('2026-03-28T23:00:00Z')], [DAY_MS, HOUR_MS, MINUTE_MS])).toBe(HOUR_MS);
    expect(coarsestAlignedStep([utc('2026-03-27T18:30:00Z')], [DAY_MS, HOUR_MS, MINUTE_MS])).toBe(MINUTE_MS);
    expect(coarsestAlignedStep([utc('2026-03-27T18:30:00Z') + 1], [DAY_MS, HOUR_MS, MINUTE_MS])).toBe(0);
  });

  it('asks for hour slots for Paris days, day slots for UTC days, minute slots for Kolkata hours', async () => {
    const calls: Array<{ step: number; from: number; to: number }> = [];
    const source = memorySource([{ ts: utc('2026-03-29T12:00:00Z'), value: 1 }], calls);
    const steps = [DAY_MS, HOUR_MS, MINUTE_MS];
    await aggregatePage('t1', base, steps, source);
    await aggregatePage('t1', { ...base, tz: 'UTC' }, steps, source);
    await aggregatePage('t1', { ...base, interval: '1h', tz: 'Asia/Kolkata' }, steps, source);
    expect(calls.map((c) => c.step)).toEqual([HOUR_MS, DAY_MS, MINUTE_MS]);
    // Whole local days: from the one holding `from` (28th) to the one holding `to` (31st, 02:00 CEST).
    expect(calls[0]).toMatchObject({ from: utc('2026-03-27T23:00:00Z'), to: utc('2026-03-31T22:00:00Z') });
  });
});

describe('answers do not depend on slot size or page size', () => {
  const zones = ['UTC', 'Europe/Paris', 'Asia/Kolkata', 'America/New_York'];
  const data = fc.uniqueArray(fc.integer({ min: utc('2026-03-20T00:00:00Z'), max: utc('2026-04-05T00:00:00Z') }), { maxLength: 80 }).map((times) =>
    times.map((ts, i) => ({ ts, value: ((i * 37) % 23) - 5 })),
  );

  it('rollups vs raw, one page vs many', async () => {
    await fc.assert(
      fc.asyncProperty(
        data,
        fc.constantFrom(...zones),
        fc.constantFrom('15m', '1h', '1d', '1w', '1mo' as const),
        fc.constantFrom(...AGGREGATIONS),
        fc.constantFrom(...FILLS),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 0, max: 10 * DAY_MS }),
        async (readings, tz, interval, agg, fill, limit, span) => {
          const from = utc('2026-03-24T00:00:00Z');
          const to = interval === '15m' ? Math.min(from + span + 1, from + 2 * DAY_MS) : from + span + 1;
          const q: TelemetryQuery = { ...base, interval, agg, fill, tz, from, to, limit: 10_000 };
          const source = memorySource(readings);
          const reference = (await aggregatePage('t1', q, [], source)).points;
          const fromRollups = (await aggregatePage('t1', q, [DAY_MS, HOUR_MS, MINUTE_MS], source)).points;
          expect(fromRollups.map((p) => [p.ts, p.count])).toEqual(reference.map((p) => [p.ts, p.count]));
          fromRollups.forEach((p, i) => {
            const r = reference[i]?.value ?? null;
            if (p.value === null || r === null) expect(p.value).toBe(r);
            else expect(p.value).toBeCloseTo(r, 9);
          });
          expect(await pages('t1', { ...q, limit }, [HOUR_MS, MINUTE_MS], source)).toEqual(fromRollups);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('fill', () => {
  const readings = [
    { ts: utc('2026-05-01T01:30:00Z'), value: 10 },
    { ts: utc('2026-05-01T05:10:00Z'), value: 50 },
  ];
  const q: TelemetryQuery = { ...base, interval: '1h', tz: 'UTC', from: utc('2026-05-01T00:00:00Z'), to: utc('2026-05-01T07:00:00Z') };
  const values = async (fill: TelemetryQuery['fill']) => (await aggregatePage('t1', { ...q, fill }, [HOUR_MS], memorySource(readings))).points.map((p) => p.value);

  it('none, null, previous, linear', async () => {
    expect(await values('none')).toEqual([10, 50]);
    expect(await values('null')).toEqual([null, 10, null, null, null, 50, null]);
    expect(await values('previous')).toEqual([null, 10, 10, 10, 10, 50, 50]);
    expect(await values('linear')).toEqual([null, 10, 20, 30, 40, 50, null]);
  });
});

describe('paging limits and cursors', () => {
  it('ends a page early on very sparse data and resumes where it stopped', async () => {
    const readings = [
      { ts: utc('2026-01-01T00:00:00Z'), value: 1 },
      { ts: utc('2026-12-30T00:00:00Z'), value: 2 },
    ];
    const q: TelemetryQuery = { ...base, interval: '1m', tz: 'UTC', from: utc('2026-01-01T00:00:00Z'), to: utc('2027-01-01T00:00:00Z'), limit: 5 };
    const calls: Array<{ step: number; from: number; to: number }> = [];
    const first = await aggregatePage('t1', q, [MINUTE_MS], memorySource(readings, calls));
    expect(first.points.map((p) => p.value)).toEqual([1]);
    expect(first.nextCursor).not.toBeNull();
    expect(calls.length).toBe(16);
    expect(await pages('t1', q, [MINUTE_MS], memorySource(readings))).toEqual([
      { ts: '2026-01-01T00:00:00.000Z', value: 1, count: 1 },
      { ts: '2026-12-30T00:00:00.000Z', value: 2, count: 1 },
    ]);
  });

  it('binds a cursor to its tenant and query', async () => {
    const source = memorySource(Array.from({ length: 48 }, (_, i) => ({ ts: utc('2026-03-28T00:00:00Z') + i * HOUR_MS, value: i })));
    const q = { ...base, interval: '1h' as const, limit: 3 };
    const page = await aggregatePage('t1', q, [HOUR_MS], source);
    const cursor = page.nextCursor as string;
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    await expect(aggregatePage('t1', { ...q, cursor }, [HOUR_MS], source)).resolves.toMatchObject({ points: expect.any(Array) });
    for (const [tenant, other] of [
      ['t2', q],
      ['t1', { ...q, agg: 'max' as const }],
      ['t1', { ...q, tz: 'UTC' }],
      ['t1', { ...q, to: q.to + 1 }],
    ] as const) {
      await expect(aggregatePage(tenant, { ...other, cursor }, [HOUR_MS], source)).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    }
    for (const junk of ['', '%%%', Buffer.from('{"v":1}').toString('base64url'), Buffer.from('[]').toString('base64url')]) {
      await expect(aggregatePage('t1', { ...q, cursor: junk }, [HOUR_MS], source)).rejects.toBeInstanceOf(TelemetryQueryError);
    }
  });

  it('pages raw readings and resumes after a source that stopped early', async () => {
    const all: Reading[] = Array.from({ length: 5 }, (_, i) => ({ sensorId: 'PH_001', ts: utc('2026-05-01T00:00:00Z') + i * 1000, value: i, quality: 'GOOD' }));
    const q: TelemetryQuery = { ...base, interval: 'raw', tz: 'UTC', from: utc('2026-05-01T00:00:00Z'), to: utc('2026-05-02T00:00:00Z'), limit: 2 };
    let stopAt = utc('2026-05-01T00:00:03Z');
    const source = async (from: number, to: number, limit: number) => {
      const inRange = all.filter((r) => r.ts >= from && r.ts < Math.min(to, stopAt));
      const out = { readings: inRange.slice(0, limit), ...(stopAt < to && inRange.length < limit ? { resumeAt: stopAt } : {}) };
      stopAt = Number.POSITIVE_INFINITY;
      return out;
    };
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await rawPage('t1', { ...q, ...(cursor ? { cursor } : {}) }, source);
      seen.push(...page.points.map((p) => p.value as number));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses bad queries by field', async () => {
    const source = memorySource([]);
    const field = async (q: { [K in keyof TelemetryQuery]?: TelemetryQuery[K] }, tenant = 't1') => {
      try {
        await aggregatePage(tenant, { ...base, ...q } as TelemetryQuery, [], source);
        return 'accepted';
      } catch (error) {
        return (error as TelemetryQueryError).field;
      }
    };
    expect(await field({}, 'T#1')).toBe('tenantId');
    expect(await field({ tz: 'Nowhere/City' })).toBe('tz');
    expect(await field({ to: base.from })).toBe('to');
    expect(await field({ limit: 10_001 })).toBe('limit');
    expect(await field({ agg: 'median' as never })).toBe('agg');
    expect(await field({ fill: 'zero' as never })).toBe('fill');
    expect(await field({ sensorId: 'a' })).toBe('sensorId');
  });
});
