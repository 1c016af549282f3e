/**
 * Leak location between two acoustic loggers on the same pipe. Noise from a leak at
 * distance x from logger A reaches A after x / c and B after (D − x) / c, so the delay of B
 * behind A is τ = (D − 2x) / c and x = (D − c τ) / 2.
 *
 * τ is the lag of the cross-correlation peak, computed by FFT with the generalised
 * cross-correlation's phase transform (GCC-PHAT: Knapp & Carter, IEEE Trans. ASSP 1976),
 * which whitens the spectra so the peak is sharp whatever the pipe's resonances, restricted
 * to the band where the material carries leak noise. Only physically possible lags
 * (|τ| <= D / c, plus 10 % for the speed's tolerance) are searched; the peak is refined to
 * a fraction of a sample by parabolic interpolation.
 *
 * Coherence test: under no common noise the GCC values over M lags are roughly independent
 * and normal, so their maximum is about sqrt(2 ln M) robust standard deviations above their
 * median. A peak whose prominence (in those units) falls short of sqrt(2 ln M) + 3 is
 * reported as "no coherent leak noise".
 *
 * Uncertainty of x: half the quadrature sum of τ × (speed tolerance) and c × (the peak's
 * half width at half maximum), a resolution bound rather than a standard error.
 */
import { LeakAnalysisError } from './errors';
import { fft, nextPowerOfTwo } from './fft';
import { MATERIALS, waveSpeed, type PipeMaterial, type WaveSpeed } from './wave-speed';
import { MAD_TO_SIGMA, mad, median } from './robust';

export const MIN_SAMPLES = 256;
export const MAX_SAMPLES = 1 << 21;
/** Margin above the expected maximum of pure noise, in robust standard deviations. */
export const COHERENCE_MARGIN = 3;

export interface CorrelationInput {
  readonly a: ArrayLike<number>;
  readonly b: ArrayLike<number>;
  readonly sampleRateHz: number;
  /** Pipe length between the loggers, m. */
  readonly distanceM: number;
  readonly pipeMaterial: PipeMaterial;
  readonly diameterMm: number;
  /** A speed measured on site, overriding the table. */
  readonly waveSpeedMps?: number;
  /** Override of the material's leak-noise band, Hz. */
  readonly bandHz?: readonly [number, number];
}

export type CorrelationResult =
  | {
      readonly result: 'located';
      /** Distance of the leak from logger A along the pipe, m. */
      readonly distanceFromAM: number;
      readonly uncertaintyM: number;
      /** Delay of B behind A, s. */
      readonly delayS: number;
      readonly waveSpeed: WaveSpeed;
      /** Normalised time-domain correlation coefficient at the peak lag, -1..1. */
      readonly peakCoefficient: number;
      /** Peak height above the median of the searched lags, in robust standard deviations. */
      readonly peakProminence: number;
      readonly prominenceThreshold: number;
      /** The position is within its uncertainty of a logger (or the peak ends the searched range): the source may be at or beyond that logger. */
      readonly atLogger: 'A' | 'B' | null;
    }
  | {
      readonly result: 'no_coherent_leak_noise';
      readonly waveSpeed: WaveSpeed;
      readonly peakProminence: number;
      readonly prominenceThreshold: number;
    };

function checkInput(input: CorrelationInput): number {
  const n = Math.min(input.a.length, input.b.length);
  if (n < MIN_SAMPLES) throw new LeakAnalysisError('INVALID_RECORDING', `each recording needs at least ${MIN_SAMPLES} samples`);
  if (Math.max(input.a.length, input.b.length) > MAX_SAMPLES) throw new LeakAnalysisError('INVALID_RECORDING', `a recording holds at most ${MAX_SAMPLES} samples`);
  if (!(input.sampleRateHz >= 100 && input.sampleRateHz <= 200_000)) throw new LeakAnalysisError('INVALID_RECORDING', 'the sample rate must be between 100 Hz and 200 kHz');
  if (!(input.distanceM > 0 && input.distanceM <= 10_000)) throw new LeakAnalysisError('INVALID_PIPE', 'the distance between loggers must be between 0 and 10 000 m');
  for (const x of [input.a, input.b]) {
    for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) throw new LeakAnalysisError('INVALID_RECORDING', `sample ${i} is not a finite number`);
  }
  return n;
}

/** Locates the leak between two synchronised recordings, or says there is no coherent leak noise. */
export function correlate(input: CorrelationInput): CorrelationResult {
  const n = checkInput(input);
  const fs = input.sampleRateHz;
  const speed: WaveSpeed = input.waveSpeedMps
    ? { mps: input.waveSpeedMps, toleranceMps: input.waveSpeedMps * 0.05, source: 'given' }
    : waveSpeed(input.pipeMaterial, input.diameterMm);
  const [bandLow, bandHigh] = input.bandHz ?? MATERIALS[input.pipeMaterial].bandHz;
  const high = Math.min(bandHigh, 0.45 * fs);
  const low = Math.min(bandLow, high / 2);

  // Zero-padded to 2n so the circular correlation is the linear one.
  const size = nextPowerOfTwo(2 * n);
  const mean = (x: ArrayLike<number>) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i]!;
    return s / n;
  };
  const load = (x: ArrayLike<number>) => {
    const re = new Float64Array(size);
    const m = mean(x);
    for (let i = 0; i < n; i++) re[i] = x[i]! - m;
    return re;
  };
  const ar = load(input.a);
  const ai = new Float64Array(size);
  const br = load(input.b);
  const bi = new Float64Array(size);
  const aCentred = ar.slice(0, n);
  const bCentred = br.slice(0, n);
  fft(ar, ai);
  fft(br, bi);
  // conj(A) × B, phase-transformed, within the band.
  for (let k = 0; k < size; k++) {
    const f = (Math.min(k, size - k) * fs) / size;
    const re = ar[k]! * br[k]! + ai[k]! * bi[k]!;
    const im = ar[k]! * bi[k]! - ai[k]! * br[k]!;
    const magnitude = Math.hypot(re, im);
    const keep = f >= low && f <= high && magnitude > 0;
    ar[k] = keep ? re / magnitude : 0;
    ai[k] = keep ? im / magnitude : 0;
  }
  fft(ar, ai, true);
  const r = (lag: number) => ar[(lag + size) % size]!;

  const maxLag = Math.min(n - 1, Math.ceil(((input.distanceM / speed.mps) * 1.1 + 2 / fs) * fs));
  const lags: number[] = [];
  let best = -maxLag;
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    lags.push(r(lag));
    if (r(lag) > r(best)) best = lag;
  }
  const centre = median(lags);
  const spread = Math.max(MAD_TO_SIGMA * mad(lags, centre), Number.EPSILON);
  const prominence = (r(best) - centre) / spread;
  const threshold = Math.sqrt(2 * Math.log(lags.length)) + COHERENCE_MARGIN;
  if (!(prominence >= threshold)) return { result: 'no_coherent_leak_noise', waveSpeed: speed, peakProminence: prominence, prominenceThreshold: threshold };

  // Sub-sample peak by a parabola through the three values around it.
  const [y0, y1, y2] = [r(best - 1), r(best), r(best + 1)];
  const denominator = y0 - 2 * y1 + y2;
  const offset = denominator < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (y0 - y2)) / denominator)) : 0;
  const delayS = (best + offset) / fs;

  // Half width at half maximum of the peak, in samples.
  const halfWidth = (direction: 1 | -1) => {
    for (let step = 1; step <= 2 * maxLag + 1; step++) {
      const v = r(best + direction * step);
      if (v <= y1 / 2) {
        const previous = r(best + direction * (step - 1));
        return step - 1 + (previous - y1 / 2) / Math.max(previous - v, Number.EPSILON);
      }
    }
    return maxLag;
  };
  const hwhmS = (halfWidth(-1) + halfWidth(1)) / 2 / fs;

  const raw = (input.distanceM - speed.mps * delayS) / 2;
  const distanceFromAM = Math.max(0, Math.min(input.distanceM, raw));
  const uncertaintyM = 0.5 * Math.hypot(Math.abs(delayS) * speed.toleranceMps, speed.mps * hwhmS);
  const nearEnd = Math.abs(best) >= maxLag - 1 || raw <= uncertaintyM || raw >= input.distanceM - uncertaintyM;
  const atLogger = nearEnd ? (raw < input.distanceM / 2 ? 'A' : 'B') : null;

  // The plain correlation coefficient at the integer lag, for people used to correlators' "coherence".
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const j = i + best;
    if (j >= 0 && j < n) sab += aCentred[i]! * bCentred[j]!;
    saa += aCentred[i]! ** 2;
    sbb += bCentred[i]! ** 2;
  }
  const peakCoefficient = saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;

  return {
    result: 'located',
    distanceFromAM,
    uncertaintyM,
    delayS,
    waveSpeed: speed,
    peakCoefficient,
    peakProminence: prominence,
    prominenceThreshold: threshold,
    atLogger,
  };
}
