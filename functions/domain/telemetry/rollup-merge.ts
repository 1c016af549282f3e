/**
 * A batch's readings merged per rollup bucket and quality, before anything is written: the
 * store then writes each rollup item once per batch, with the batch's partial merged into
 * the stored one, instead of once per reading. Partials merge associatively and
 * commutatively (`mergePartials`), so the merged rollup is the one the readings would have
 * built one by one, in any order and any split into batches.
 */
import { mergePartials, partialOf, type Partial } from './partials';
import { QUALITIES, type Quality, type Reading } from './types';

/** One mergeable partial per quality (a quality filter is still answered from rollups). */
export type QualityPartials = { readonly [Q in Quality]?: Partial };

/** The per-quality partials of `readings` (empty for none). */
export function qualityPartialsOf(readings: Iterable<Pick<Reading, 'ts' | 'value' | 'quality'>>): QualityPartials {
  const out: { [Q in Quality]?: Partial } = {};
  for (const r of readings) out[r.quality] = mergePartials(out[r.quality], partialOf(r.ts, r.value));
  return out;
}

/** `a` and `b` merged quality by quality. */
export function mergeQualityPartials(a: QualityPartials | undefined, b: QualityPartials): QualityPartials {
  const out: { [Q in Quality]?: Partial } = { ...a };
  for (const q of QUALITIES) {
    const merged = mergePartials(a?.[q], b[q]);
    if (merged) out[q] = merged;
  }
  return out;
}

/**
 * The readings merged per bucket: `bucketsOf(reading)` names the buckets a reading counts
 * in (one per rollup level); each bucket gets the partials of all its readings.
 */
export function bucketPartials<R extends Pick<Reading, 'ts' | 'value' | 'quality'>>(readings: Iterable<R>, bucketsOf: (reading: R) => Iterable<string>): Map<string, QualityPartials> {
  const out = new Map<string, QualityPartials>();
  for (const r of readings) {
    const own = qualityPartialsOf([r]);
    for (const bucket of bucketsOf(r)) out.set(bucket, mergeQualityPartials(out.get(bucket), own));
  }
  return out;
}
