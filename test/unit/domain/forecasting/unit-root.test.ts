/** Differencing decisions against R (urca's KPSS, forecast's ndiffs / nsdiffs / seas.heuristic) and period detection. */
import { describe, expect, it } from 'vitest';
import { seasonalStrength, stl } from '#domain/forecasting/decomposition';
import { difference } from '#domain/forecasting/polynomial';
import { detectPeriod, kpssStatistic, ndiffs, nsdiffs } from '#domain/forecasting/unit-root';
import { loadCases, seriesOf } from './fixtures';

interface UnitRootCase {
  kpss: number;
  ndiffs: number;
  seasonalStrength?: number;
  nsdiffs?: number;
}

const cases = loadCases('r-auto-arima.json') as Array<ReturnType<typeof loadCases>[number] & UnitRootCase>;

describe('unit-root tests against R', () => {
  for (const c of cases) {
    it(`${c.name}: KPSS statistic, d and D as forecast chooses them`, () => {
      const y = seriesOf(c);
      expect(kpssStatistic(y)).toBeCloseTo(c.kpss, 8);
      const D = c.order.D;
      expect(ndiffs(D > 0 ? difference(y, 0, D, c.period) : y)).toBe(c.ndiffs);
      if (c.seasonalStrength !== undefined) {
        // Our STL evaluates loess everywhere instead of R's jump interpolation: close, not identical.
        expect(Math.abs(seasonalStrength(y, c.period) - c.seasonalStrength)).toBeLessThan(0.01);
        expect(nsdiffs(y, c.period).D).toBe(c.nsdiffs);
      }
    });
  }
});

describe('decomposition and period detection', () => {
  const monthly = Array.from({ length: 96 }, (_, t) => 100 + 0.5 * t + 20 * Math.sin((2 * Math.PI * t) / 12) + 3 * Math.cos(t * 1.7));

  it('STL splits trend, season and remainder that add back up', () => {
    const { trend, seasonal, remainder } = stl(monthly, 12);
    monthly.forEach((v, t) => expect(trend[t]! + seasonal[t]! + remainder[t]!).toBeCloseTo(v, 9));
    expect(seasonalStrength(monthly, 12)).toBeGreaterThan(0.9);
  });

  it('finds a yearly period in monthly data, and none in noise', () => {
    expect(detectPeriod(monthly, [12, 6, 4, 3]).period).toBe(12);
    const noise = Array.from({ length: 96 }, (_, t) => Math.sin(t * 12.9898) * 43758.5453 % 1);
    expect(detectPeriod(noise, [12, 6, 4, 3]).period).toBe(1);
  });
});
