/** The acoustic correlator on synthetic recordings of a known leak, and its wave-speed table. */
import { describe, expect, it } from 'vitest';
import { correlate } from '#domain/leaks/correlator';
import { LeakAnalysisError } from '#domain/leaks/errors';
import { fft } from '#domain/leaks/fft';
import { waveSpeed } from '#domain/leaks/wave-speed';
import { syntheticRecordings } from '#lib/local/simulator/acoustic';

describe('fft', () => {
  it('matches the direct DFT and inverts', () => {
    const x = [1, -2, 3.5, 0, 0.25, 4, -1, 2];
    const re = Float64Array.from(x);
    const im = new Float64Array(8);
    fft(re, im);
    for (let k = 0; k < 8; k++) {
      let dr = 0;
      let di = 0;
      x.forEach((v, n) => {
        dr += v * Math.cos((-2 * Math.PI * k * n) / 8);
        di += v * Math.sin((-2 * Math.PI * k * n) / 8);
      });
      expect(re[k]).toBeCloseTo(dr, 10);
      expect(im[k]).toBeCloseTo(di, 10);
    }
    fft(re, im, true);
    x.forEach((v, n) => expect(re[n]).toBeCloseTo(v, 12));
  });

  it('refuses a length that is not a power of two', () => {
    expect(() => fft(new Float64Array(6), new Float64Array(6))).toThrow(RangeError);
  });
});

describe('waveSpeed', () => {
  it('gives textbook speeds: about 1 300 m/s in ductile iron, 400 m/s in PVC, 380 m/s in PE', () => {
    expect(waveSpeed('ductile_iron', 150).mps).toBeGreaterThan(1200);
    expect(waveSpeed('ductile_iron', 150).mps).toBeLessThan(1400);
    expect(waveSpeed('pvc', 110).mps).toBeGreaterThan(380);
    expect(waveSpeed('pvc', 110).mps).toBeLessThan(480);
    expect(waveSpeed('pe', 90).mps).toBeGreaterThan(330);
    expect(waveSpeed('pe', 90).mps).toBeLessThan(430);
    // Korteweg by hand for ductile iron DN150: e = 9 × 0.65 = 5.85 mm.
    const c = Math.sqrt(2.19e9 / 998 / (1 + (2.19e9 / 170e9) * (150 / 5.85)));
    expect(waveSpeed('ductile_iron', 150).mps).toBeCloseTo(c, 9);
  });

  it('refuses an unknown material and an impossible diameter, with stable codes', () => {
    expect(() => waveSpeed('bamboo', 100)).toThrow(expect.objectContaining({ code: 'UNKNOWN_PIPE_MATERIAL' }));
    expect(() => waveSpeed('pe', 5)).toThrow(LeakAnalysisError);
  });
});

describe('correlate', () => {
  const metal = { sampleRateHz: 4096, samples: 8192, distanceM: 240, bandHz: [100, 1500] as const };

  it.each([
    [30, 20],
    [120, 0],
    [205, 10],
  ])('locates a leak at %d m of 240 at %d dB SNR within 1 %% of the distance', (leakFromAM, snrDb) => {
    const c = waveSpeed('ductile_iron', 150).mps;
    const { a, b } = syntheticRecordings({ ...metal, seed: leakFromAM, leakFromAM, waveSpeedMps: c, snrDb });
    const result = correlate({ a, b, sampleRateHz: metal.sampleRateHz, distanceM: 240, pipeMaterial: 'ductile_iron', diameterMm: 150 });
    expect(result.result).toBe('located');
    if (result.result !== 'located') return;
    expect(Math.abs(result.distanceFromAM - leakFromAM)).toBeLessThan(2.4);
    expect(result.uncertaintyM).toBeGreaterThan(0);
    expect(result.atLogger).toBeNull();
  });

  it('locates a leak on a PE main at 0 dB within 5 % of the distance, and its uncertainty covers the error', () => {
    const c = waveSpeed('pe', 110).mps;
    for (const seed of [1, 2, 3, 4, 5]) {
      const leakFromAM = 20 + 15 * seed;
      const { a, b } = syntheticRecordings({ seed, sampleRateHz: 2048, samples: 16384, distanceM: 120, leakFromAM, waveSpeedMps: c, snrDb: 0, bandHz: [10, 300] });
      const result = correlate({ a, b, sampleRateHz: 2048, distanceM: 120, pipeMaterial: 'pe', diameterMm: 110 });
      expect(result.result).toBe('located');
      if (result.result !== 'located') continue;
      expect(Math.abs(result.distanceFromAM - leakFromAM)).toBeLessThan(0.05 * 120);
      expect(Math.abs(result.distanceFromAM - leakFromAM)).toBeLessThanOrEqual(result.uncertaintyM + 0.5);
    }
  });

  it('turns the table speed error into the position error the formula predicts', () => {
    // True speed 10 % above the table's: x = (D - c τ) / 2 moves the estimate towards the middle.
    const c = waveSpeed('ductile_iron', 150).mps;
    const { a, b } = syntheticRecordings({ ...metal, seed: 9, leakFromAM: 40, waveSpeedMps: 1.1 * c, snrDb: 20 });
    const result = correlate({ a, b, sampleRateHz: metal.sampleRateHz, distanceM: 240, pipeMaterial: 'ductile_iron', diameterMm: 150 });
    const tau = (240 - 80) / (1.1 * c);
    if (result.result !== 'located') throw new Error('not located');
    expect(result.distanceFromAM).toBeCloseTo((240 - c * tau) / 2, 0);
    expect(Math.abs(result.distanceFromAM - 40)).toBeLessThanOrEqual(result.uncertaintyM + 0.5);
    const given = correlate({ a, b, sampleRateHz: metal.sampleRateHz, distanceM: 240, pipeMaterial: 'ductile_iron', diameterMm: 150, waveSpeedMps: 1.1 * c });
    if (given.result !== 'located') throw new Error('not located');
    expect(given.distanceFromAM).toBeCloseTo(40, 0);
    expect(given.waveSpeed.source).toBe('given');
  });

  it('says there is no coherent leak noise when the loggers hear unrelated noise', () => {
    for (const seed of [11, 12, 13, 14, 15, 16]) {
      const { a, b } = syntheticRecordings({ ...metal, seed, waveSpeedMps: 1300, snrDb: 0 });
      const result = correlate({ a, b, sampleRateHz: metal.sampleRateHz, distanceM: 240, pipeMaterial: 'ductile_iron', diameterMm: 150 });
      expect(result.result).toBe('no_coherent_leak_noise');
      expect(result.peakProminence).toBeLessThan(result.prominenceThreshold);
    }
  });

  it('flags a noise source at or beyond a logger', () => {
    const { a, b } = syntheticRecordings({ ...metal, seed: 21, leakFromAM: 0, waveSpeedMps: waveSpeed('ductile_iron', 150).mps, snrDb: 10 });
    const result = correlate({ a, b, sampleRateHz: metal.sampleRateHz, distanceM: 240, pipeMaterial: 'ductile_iron', diameterMm: 150 });
    if (result.result !== 'located') throw new Error('not located');
    expect(result.distanceFromAM).toBeLessThan(3);
    expect(result.atLogger).toBe('A');
  });

  it('refuses short or non-finite recordings and a bad distance, with stable codes', () => {
    const ok = new Float64Array(1024);
    const base = { sampleRateHz: 1000, distanceM: 100, pipeMaterial: 'pvc' as const, diameterMm: 110 };
    expect(() => correlate({ ...base, a: new Float64Array(10), b: ok })).toThrow(expect.objectContaining({ code: 'INVALID_RECORDING' }));
    expect(() => correlate({ ...base, a: Float64Array.from(ok, (_, i) => (i === 5 ? Number.NaN : 0)), b: ok })).toThrow(expect.objectContaining({ code: 'INVALID_RECORDING' }));
    expect(() => correlate({ ...base, a: ok, b: ok, distanceM: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_PIPE' }));
  });
});
