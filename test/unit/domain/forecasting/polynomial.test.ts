/** Lag-polynomial helpers: roots, the PACF transformation, MA inversion, seasonal products. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  difference,
  differencingCoefficients,
  expandSeasonal,
  inverseTransformToStationary,
  invertMa,
  isStationary,
  minRootModulus,
  polyRoots,
  transformToStationary,
} from '#domain/forecasting/polynomial';

describe('polynomial helpers', () => {
  it('finds the roots of a polynomial', () => {
    // (z - 2)(z + 0.5)(z - 3) = z^3 - 4.5 z^2 + 3.5 z + 3
    const roots = polyRoots([3, 3.5, -4.5, 1]).map((r) => r.re).sort((a, b) => a - b);
    expect(roots[0]).toBeCloseTo(-0.5, 10);
    expect(roots[1]).toBeCloseTo(2, 10);
    expect(roots[2]).toBeCloseTo(3, 10);
  });

  it('checks stationarity as R does', () => {
    expect(isStationary([0.5])).toBe(true);
    expect(isStationary([1.01])).toBe(false);
    expect(isStationary([0.5, 0.49])).toBe(true);
    expect(isStationary([0.5, 0.6])).toBe(false);
    expect(minRootModulus([-0.5])).toBeCloseTo(2, 10);
  });

  it('the PACF transformation always gives a stationary AR polynomial and inverts', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: 1, maxLength: 5 }), (raw) => {
        const phi = transformToStationary(raw);
        expect(isStationary(phi)).toBe(true);
        const back = transformToStationary(inverseTransformToStationary(phi));
        back.forEach((v, i) => expect(v).toBeCloseTo(phi[i]!, 6));
      }),
    );
  });

  it('inverts non-invertible MA polynomials to their invertible twin', () => {
    expect(invertMa([2])).toEqual([0.5]);
    const ma = invertMa([-2.5, 1]); // roots 0.5 and 2: the first is reflected
    expect(minRootModulus(ma)).toBeGreaterThanOrEqual(1 - 1e-9);
    expect(invertMa([0.3, 0.1])).toEqual([0.3, 0.1]);
  });

  it('multiplies seasonal polynomials as R does', () => {
    const { phi, theta } = expandSeasonal([0.5], [0.4], [0.3], [-0.6], 4);
    expect(phi).toEqual([0.5, 0, 0, 0.3, -0.15]);
    expect(theta.map((v) => Number(v.toFixed(12)))).toEqual([0.4, 0, 0, -0.6, -0.24]);
  });

  it('differences and writes the differencing polynomial', () => {
    expect(difference([1, 3, 6, 10, 15], 1, 0, 1)).toEqual([2, 3, 4, 5]);
    expect(difference([1, 2, 3, 4, 6, 7], 0, 1, 2)).toEqual([2, 2, 3, 3]);
    expect(differencingCoefficients(1, 1, 4)).toEqual([1, 0, 0, 1, -1]);
  });
});
