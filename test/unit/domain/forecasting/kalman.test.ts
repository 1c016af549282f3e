/**
 * The Kalman filters against brute force: the exact Gaussian likelihood of the observed
 * values (gaps included) computed from the ARMA autocovariance matrix, and the two filter
 * implementations (Chandrasekhar recursions, full Riccati) against each other.
 */
import { describe, expect, it } from 'vitest';
import { armaAutocovariance, stationaryStateCovariance } from '#domain/forecasting/arma-covariance';
import { armaLikelihood, filterArima } from '#domain/forecasting/kalman';
import { forecastState } from '#domain/forecasting/kalman-forecast';
import { expandSeasonal } from '#domain/forecasting/polynomial';

/** Deterministic pseudo-random normal numbers (Box–Muller on a linear congruential generator). */
function normals(count: number, seed: number): number[] {
  let s = seed;
  const uniform = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s + 0.5) / 2147483648;
  };
  return Array.from({ length: count }, () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()));
}

/** Simulates an ARMA path after a burn-in. */
function simulate(phi: number[], theta: number[], n: number, seed: number): number[] {
  const burn = 200;
  const e = normals(n + burn, seed);
  const y: number[] = [];
  for (let t = 0; t < n + burn; t++) {
    let v = e[t]!;
    phi.forEach((f, i) => (v += t - i - 1 >= 0 ? f * y[t - i - 1]! : 0));
    theta.forEach((f, j) => (v += t - j - 1 >= 0 ? f * e[t - j - 1]! : 0));
    y.push(v);
  }
  return y.slice(burn);
}

/** Exact terms by brute force: y' G^-1 y and log det G over the observed positions. */
function bruteForce(y: number[], phi: number[], theta: number[]): { ssq: number; sumLog: number } {
  const obs = y.map((v, t) => [t, v] as const).filter(([, v]) => !Number.isNaN(v));
  const gamma = armaAutocovariance(phi, theta, y.length)!;
  const k = obs.length;
  const L = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = gamma[Math.abs(obs[i]![0] - obs[j]![0])]!;
      for (let m = 0; m < j; m++) s -= L[i]![m]! * L[j]![m]!;
      L[i]![j] = i === j ? Math.sqrt(s) : s / L[j]![j]!;
    }
  }
  let sumLog = 0;
  let ssq = 0;
  const z: number[] = [];
  for (let i = 0; i < k; i++) {
    let s = obs[i]![1];
    for (let m = 0; m < i; m++) s -= L[i]![m]! * z[m]!;
    z.push(s / L[i]![i]!);
    ssq += z[i]! * z[i]!;
    sumLog += 2 * Math.log(L[i]![i]!);
  }
  return { ssq, sumLog };
}

const models: Array<[string, number[], number[]]> = [
  ['AR(2)', [0.5, -0.3], []],
  ['MA(2)', [], [0.4, 0.25]],
  ['ARMA(1,1)', [0.7], [-0.4]],
  ['seasonal (1,0,1)(1,0,0)[4]', ...(Object.values(expandSeasonal([0.3], [0.2], [0.5], [], 4)) as [number[], number[]])],
];

describe('exact likelihood by Kalman filter', () => {
  for (const [name, phi, theta] of models) {
    it(`${name}: complete series, Chandrasekhar recursions = brute force`, () => {
      const y = simulate(phi, theta, 40, 7);
      const res = armaLikelihood(y, phi, theta)!;
      const ref = bruteForce(y, phi, theta);
      expect(res.used).toBe(40);
      expect(res.ssq).toBeCloseTo(ref.ssq, 8);
      expect(res.sumLog).toBeCloseTo(ref.sumLog, 8);
    });

    it(`${name}: missing values are skipped exactly (update step left out)`, () => {
      const y = simulate(phi, theta, 40, 11);
      for (const t of [0, 5, 6, 7, 20, 39]) y[t] = NaN;
      const res = armaLikelihood(y, phi, theta)!;
      const ref = bruteForce(y, phi, theta);
      expect(res.used).toBe(34);
      expect(res.ssq).toBeCloseTo(ref.ssq, 8);
      expect(res.sumLog).toBeCloseTo(ref.sumLog, 8);
    });
  }

  it('the stationary state covariance solves P = T P T\' + R R\'', () => {
    const { phi, theta } = expandSeasonal([0.5], [0.3], [0.4], [0.2], 4);
    const r = Math.max(phi.length, theta.length + 1);
    const P = stationaryStateCovariance(phi, theta, r)!;
    const at = (i: number, j: number): number => (i < r && j < r ? P[i * r + j]! : 0);
    const R = [1, ...theta, ...new Array<number>(r).fill(0)];
    for (let i = 0; i < r; i++) {
      for (let j = 0; j < r; j++) {
        // (T P T')_ij = phi_i phi_j P00 + phi_i P(0, j+1) + phi_j P(i+1, 0) + P(i+1, j+1)
        const fi = phi[i] ?? 0;
        const fj = phi[j] ?? 0;
        const tpt = fi * fj * at(0, 0) + fi * at(0, j + 1) + fj * at(i + 1, 0) + at(i + 1, j + 1);
        expect(tpt + R[i]! * R[j]!).toBeCloseTo(at(i, j), 9);
      }
    }
  });

  it('returns null for a non-stationary AR part', () => {
    expect(armaLikelihood([1, 2, 3, 4], [1.2], [])).toBeNull();
  });
});

describe('forecasting through gaps', () => {
  it('a series ending in missing values is forecast from its last observations', () => {
    const phi = [0.8];
    const y = simulate(phi, [], 60, 3);
    const withGap = [...y.slice(0, 58), NaN, NaN];
    const f = filterArima(withGap, phi, [], [], false)!;
    const fc = forecastState(f, phi, [], [], 2);
    // The last observation is y[57]; steps 1 and 2 after the end are 3 and 4 steps after it.
    expect(fc.mean[0]).toBeCloseTo(y[57]! * 0.8 ** 3, 10);
    expect(fc.mean[1]).toBeCloseTo(y[57]! * 0.8 ** 4, 10);
    const gamma0 = 1 / (1 - 0.64);
    expect(fc.variance[0]).toBeCloseTo(gamma0 * (1 - 0.8 ** 6), 8);
  });

  it('the in-model differencing filter forecasts a random walk flat with growing variance', () => {
    const y = [1, 2, 4, 3, 5, NaN, 6, 7];
    const f = filterArima(y, [], [], [1], false)!;
    const fc = forecastState(f, [], [], [1], 3);
    for (const m of fc.mean) expect(m).toBeCloseTo(7, 6);
    expect(fc.variance[0]).toBeCloseTo(1, 6);
    expect(fc.variance[2]).toBeCloseTo(3, 6);
  });
});
