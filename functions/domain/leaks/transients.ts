/**
 * Pressure transients in a high-rate pressure series (e.g. 100 Hz from a logger's burst
 * capture): a pump trip, a fast valve closure or a burst sends a pressure wave that drops
 * (or surges) well outside the line's normal wobble and rings back. Repeated transients
 * fatigue mains, so they are worth finding even when short.
 *
 * The scan:
 *   noise σ   = 1.4826 × MAD of first differences / √2 (robust: transients are rare, and
 *               differencing removes slow trends)
 *   threshold = max(`minAmplitudeM`, 6 σ)
 *   baseline  = median of the last `baselineWindowS` seconds outside any event, refreshed
 *               every tenth of that window
 * An event starts at the first sample further than the threshold from the baseline and
 * lasts until the last sample beyond half the threshold, once the signal has then stayed
 * within half the threshold for `quietS` seconds. For each
 * event: the drop (baseline − minimum), the rise (maximum − baseline), the amplitude
 * (maximum − minimum), the rebound (how far the signal swings past the baseline on the
 * other side after its first extreme) and the duration.
 */
import { LeakAnalysisError } from './errors';
import { MAD_TO_SIGMA, mad, median } from './robust';

export interface TransientOptions {
  readonly sampleRateHz: number;
  /** Smallest excursion that counts, in the series' unit (metres of head); default 2. */
  readonly minAmplitudeM?: number;
  readonly baselineWindowS?: number;
  readonly quietS?: number;
}

export interface PressureTransient {
  /** Seconds from the first sample. */
  readonly startS: number;
  readonly durationS: number;
  /** First excursion: below the baseline (drop) or above (surge). */
  readonly kind: 'drop' | 'surge';
  readonly baselineM: number;
  readonly minM: number;
  readonly maxM: number;
  readonly dropM: number;
  readonly riseM: number;
  readonly amplitudeM: number;
  readonly reboundM: number;
  /** The series ended before the event did. */
  readonly open: boolean;
}

export interface TransientScan {
  readonly noiseSigmaM: number;
  readonly thresholdM: number;
  readonly events: readonly PressureTransient[];
}

/** Finds the transients of a high-rate pressure series. */
export function scanTransients(samples: ArrayLike<number>, options: TransientOptions): TransientScan {
  const fs = options.sampleRateHz;
  if (!(fs > 0 && fs <= 100_000)) throw new LeakAnalysisError('INVALID_SERIES', 'the sample rate must be within (0, 100 000] Hz');
  const n = samples.length;
  if (n < 10) throw new LeakAnalysisError('INVALID_SERIES', 'a pressure burst needs at least 10 samples');
  for (let i = 0; i < n; i++) if (!Number.isFinite(samples[i])) throw new LeakAnalysisError('INVALID_SERIES', `sample ${i} is not a finite number`);

  const diffs = Array.from({ length: n - 1 }, (_, i) => samples[i + 1]! - samples[i]!);
  const noiseSigmaM = (MAD_TO_SIGMA * mad(diffs)) / Math.SQRT2;
  const thresholdM = Math.max(options.minAmplitudeM ?? 2, 6 * noiseSigmaM);
  const window = Math.max(3, Math.round((options.baselineWindowS ?? 5) * fs));
  const refresh = Math.max(1, Math.floor(window / 10));
  const quiet = Math.max(1, Math.round((options.quietS ?? 1) * fs));

  const events: PressureTransient[] = [];
  const calm: number[] = [];
  let baseline = median(Array.from({ length: Math.min(n, window) }, (_, i) => samples[i]!));
  let sinceRefresh = 0;
  let i = 0;
  while (i < n) {
    const x = samples[i]!;
    if (Math.abs(x - baseline) <= thresholdM) {
      calm.push(x);
      if (calm.length > window) calm.shift();
      if (++sinceRefresh >= refresh && calm.length >= Math.min(window, 3)) {
        baseline = median(calm);
        sinceRefresh = 0;
      }
      i++;
      continue;
    }
    // An event: follow it until the signal has been quiet long enough.
    const start = i;
    const kind = x < baseline ? 'drop' : 'surge';
    let min = x;
    let max = x;
    let firstExtremeAt = i;
    let pastFirst = false;
    let rebound = 0;
    let quietRun = 0;
    let last = i;
    for (; i < n; i++) {
      const v = samples[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
      // The first extreme is final once the signal turns back through the baseline.
      if (!pastFirst) {
        if ((kind === 'drop' && v <= samples[firstExtremeAt]!) || (kind === 'surge' && v >= samples[firstExtremeAt]!)) firstExtremeAt = i;
        if ((kind === 'drop' && v > baseline) || (kind === 'surge' && v < baseline)) pastFirst = true;
      }
      if (pastFirst) rebound = Math.max(rebound, kind === 'drop' ? v - baseline : baseline - v);
      if (Math.abs(v - baseline) <= thresholdM / 2) {
        if (++quietRun >= quiet) break;
      } else {
        quietRun = 0;
        last = i;
      }
    }
    const open = i >= n;
    events.push({
      startS: start / fs,
      durationS: (last + 1 - start) / fs,
      kind,
      baselineM: baseline,
      minM: min,
      maxM: max,
      dropM: Math.max(0, baseline - min),
      riseM: Math.max(0, max - baseline),
      amplitudeM: max - min,
      reboundM: rebound,
      open,
    });
    i++;
  }
  return { noiseSigmaM, thresholdM, events };
}
