/**
 * Synthetic acoustic-logger recordings for tests, `bench:leaks` and the simulator: the
 * noise of a leak at a known position reaching two loggers on the same pipe with the
 * delays the wave speed gives, plus each logger's own independent noise at a chosen
 * signal-to-noise ratio. The leak noise is white noise band-limited to `bandHz` (leak
 * noise is broadband; the pipe carries a band of it); delays are applied exactly, to a
 * fraction of a sample, as phase shifts in the frequency domain.
 */
import { fft, nextPowerOfTwo } from '#domain/leaks/fft';
import { gaussian, seededRandom } from '#domain/leaks/robust';

export interface SyntheticPair {
  readonly seed: number;
  readonly sampleRateHz: number;
  readonly samples: number;
  readonly distanceM: number;
  /** Leak position from logger A, m; absent for no leak (each logger hears only its own noise). */
  readonly leakFromAM?: number;
  readonly waveSpeedMps: number;
  /** Leak-noise power over sensor-noise power at each logger, dB. */
  readonly snrDb: number;
  readonly bandHz: readonly [number, number];
}

/** Two recordings (Float64Array each) of `samples` samples. */
export function syntheticRecordings(p: SyntheticPair): { a: Float64Array; b: Float64Array } {
  const random = seededRandom(p.seed);
  const margin = Math.ceil((p.distanceM / p.waveSpeedMps) * p.sampleRateHz) + 8;
  const size = nextPowerOfTwo(p.samples + margin);
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  for (let i = 0; i < size; i++) re[i] = gaussian(random);
  fft(re, im);
  const delayed = (delayS: number) => {
    const r = new Float64Array(size);
    const m = new Float64Array(size);
    for (let k = 0; k < size; k++) {
      const signed = k <= size / 2 ? k : k - size;
      const f = (Math.abs(signed) * p.sampleRateHz) / size;
      if (f < p.bandHz[0] || f > p.bandHz[1]) continue;
      const phase = (-2 * Math.PI * signed * delayS * p.sampleRateHz) / size;
      r[k] = re[k]! * Math.cos(phase) - im[k]! * Math.sin(phase);
      m[k] = re[k]! * Math.sin(phase) + im[k]! * Math.cos(phase);
    }
    fft(r, m, true);
    // The first `margin` samples hold the wrapped end of the circular shift: skip them.
    return r.slice(margin, margin + p.samples);
  };
  const power = (x: Float64Array) => x.reduce((s, v) => s + v * v, 0) / x.length;
  const noiseScale = (signalPower: number) => Math.sqrt(signalPower / 10 ** (p.snrDb / 10));
  const withNoise = (signal: Float64Array) => {
    const scale = noiseScale(power(signal));
    return signal.map((v) => v + scale * gaussian(random));
  };
  if (p.leakFromAM === undefined) {
    // No leak: each logger hears its own, unrelated noise in the same band.
    const other = syntheticRecordings({ ...p, seed: p.seed + 1, leakFromAM: 0, snrDb: 200 });
    const own = delayed(0);
    return { a: withNoise(own), b: withNoise(other.b) };
  }
  return { a: withNoise(delayed(p.leakFromAM / p.waveSpeedMps)), b: withNoise(delayed((p.distanceM - p.leakFromAM) / p.waveSpeedMps)) };
}
