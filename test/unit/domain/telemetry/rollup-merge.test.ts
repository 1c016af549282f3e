/**
 * A batch merged per rollup bucket equals the rollups built reading by reading: the store
 * writes each rollup item once per batch with the merged partial, so any split of the
 * readings into batches, in any order, must give the same rollups.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergePartials, partialOf } from '#domain/telemetry/partials';
import { bucketPartials, mergeQualityPartials, qualityPartialsOf, type QualityPartials } from '#domain/telemetry/rollup-merge';
import { QUALITIES, type Quality } from '#domain/telemetry/types';

type R = { ts: number; value: number; quality: Quality };
const reading = fc.record({
  ts: fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-01-01T03:00:00Z') }),
  // Integers keep sums exact whatever the order of additions.
  value: fc.integer({ min: -1000, max: 1000 }),
  quality: fc.constantFrom(...QUALITIES),
});
// Distinct timestamps, as the store writes a reading once per (sensor, ts).
const readings = fc.uniqueArray(reading, { selector: (r) => r.ts, minLength: 1, maxLength: 300 });
const bucketsOf = (r: R) => [`M${Math.floor(r.ts / 60_000)}`, `Q${Math.floor(r.ts / 900_000)}`, `H${Math.floor(r.ts / 3_600_000)}`];

/** The rollups as the store built them before: one reading at a time. */
function oneByOne(rs: readonly R[]): Map<string, QualityPartials> {
  const out = new Map<string, QualityPartials>();
  for (const r of rs) {
    for (const b of bucketsOf(r)) {
      const before = out.get(b) ?? {};
      out.set(b, { ...before, [r.quality]: mergePartials(before[r.quality], partialOf(r.ts, r.value)) });
    }
  }
  return out;
}

describe('rollup merge', () => {
  it('merged per batch, in any split and order, equals the rollups built one reading at a time', () => {
    fc.assert(
      fc.property(readings, fc.array(fc.nat(), { maxLength: 8 }), fc.boolean(), (rs, cuts, reversed) => {
        const ordered = reversed ? [...rs].reverse() : rs;
        const points = [...new Set(cuts.map((c) => c % (ordered.length + 1)))].sort((a, b) => a - b);
        const batches = [0, ...points].map((start, i) => ordered.slice(start, [...points, ordered.length][i]));
        // Each batch merged on its own, then applied to the stored rollups (the store's two steps).
        const stored = new Map<string, QualityPartials>();
        for (const batch of batches) {
          for (const [bucket, delta] of bucketPartials(batch, bucketsOf)) stored.set(bucket, mergeQualityPartials(stored.get(bucket), delta));
        }
        expect(stored).toEqual(oneByOne(rs));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps one partial per quality, first and last by time', () => {
    const p = qualityPartialsOf([
      { ts: 30, value: 3, quality: 'GOOD' },
      { ts: 10, value: 1, quality: 'GOOD' },
      { ts: 20, value: 9, quality: 'BAD' },
    ]);
    expect(p.GOOD).toMatchObject({ count: 2, sum: 4, min: 1, max: 3, firstTs: 10, first: 1, lastTs: 30, last: 3 });
    expect(p.BAD).toMatchObject({ count: 1, sum: 9 });
    expect(p.UNCERTAIN).toBeUndefined();
    expect(mergeQualityPartials(undefined, p)).toEqual(p);
  });
});
