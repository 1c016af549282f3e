import { describe, expect, it } from 'vitest';
import { arrhenius, optimalProbability, simulateSamplingPoint, trueOutcome, waterAge } from '#lib/local/simulator/water-quality';

const start = Date.UTC(2026, 6, 1);

describe('water-quality simulator', () => {
  it('decays chlorine faster when the water is warmer (Arrhenius, +~22 % per 5 °C around 20 °C)', () => {
    expect(arrhenius(20)).toBeCloseTo(1, 12);
    expect(arrhenius(25) / arrhenius(20)).toBeGreaterThan(1.2);
    expect(arrhenius(25) / arrhenius(20)).toBeLessThan(1.45);
    expect(arrhenius(10)).toBeLessThan(1);
    // Night water is older than the morning peak's.
    expect(waterAge(3)).toBeGreaterThan(waterAge(7.5));
  });

  it('is deterministic for a seed, and the sensors differ from the truth only by noise and faults', () => {
    const a = simulateSamplingPoint({ seed: 5, start, hours: 500 });
    const b = simulateSamplingPoint({ seed: 5, start, hours: 500 });
    expect(a.reported).toEqual(b.reported);
    const clean = simulateSamplingPoint({ seed: 5, start, hours: 500, sensorFaults: false });
    const error = clean.reported.map((r, i) => Math.abs(r.chlorine - clean.truth[i]!.chlorine));
    expect(Math.max(...error)).toBeLessThan(0.06);
    const faulty = a.reported.map((r, i) => Math.abs(r.chlorine - a.truth[i]!.chlorine));
    expect(faulty.reduce((s, v) => s + v, 0)).toBeGreaterThanOrEqual(error.reduce((s, v) => s + v, 0) * 0.5);
  });

  it('has turbidity events after the morning demand ramp more often than at night', () => {
    const p = simulateSamplingPoint({ seed: 9, start, hours: 24 * 120, sensorFaults: false });
    const meanAt = (hours: number[]) => {
      const xs = p.truth.filter((_, i) => hours.includes(new Date(start + i * 3_600_000).getUTCHours())).map((s) => s.turbidity);
      return xs.reduce((s, v) => s + v, 0) / xs.length;
    };
    expect(meanAt([7, 8])).toBeGreaterThan(meanAt([2, 3]));
  });

  it('knows the true probabilities: the optimal predictor is calibrated on the realised outcomes', () => {
    const p = simulateSamplingPoint({ seed: 21, start, hours: 24 * 40, doseSetPoint: 0.75 });
    let predicted = 0;
    let observed = 0;
    let n = 0;
    for (let h = 0; h < p.truth.length - 7; h += 3) {
      predicted += optimalProbability(p, h, 0.2, 6, 200);
      observed += trueOutcome(p, h, 0.2, 6) ? 1 : 0;
      n++;
    }
    expect(observed / n).toBeGreaterThan(0.02);
    expect(Math.abs(predicted / n - observed / n)).toBeLessThan(0.04);
  });
});
