/**
 * SARIMA specifications and the parameter vector in R's order (ar, ma, sar, sma,
 * constant): layout, splitting, the regression part of a constant, and differencing.
 */
import { difference, transformToStationary } from './polynomial';

/** Orders of a seasonal ARIMA model. */
export interface SarimaOrder {
  p: number;
  d: number;
  q: number;
  P: number;
  D: number;
  Q: number;
  /** Seasonal period m (1 when non-seasonal). */
  period: number;
}

/** A SARIMA specification: orders plus whether a constant is estimated (a mean when d+D=0, a drift when d+D=1). */
export interface SarimaSpec extends SarimaOrder {
  constant: boolean;
}

/** Raised when the model cannot be fitted (e.g. the CSS AR estimate is non-stationary). */
export class SarimaFitError extends Error {
  override readonly name = 'SarimaFitError';
}

/** Where each coefficient sits in the parameter vector, and how the constant scales. */
export interface Layout {
  spec: SarimaSpec;
  nArma: number;
  /** Factor from R's drift coefficient to the mean of the differenced series. */
  driftFactor: number;
}

/** The layout of a specification; throws when a constant is asked with d + D > 1. */
export function layout(spec: SarimaSpec): Layout {
  const diffs = spec.d + spec.D;
  if (spec.constant && diffs > 1) throw new SarimaFitError('a constant needs d + D <= 1');
  return {
    spec,
    nArma: spec.p + spec.q + spec.P + spec.Q,
    driftFactor: diffs === 0 ? 1 : spec.d === 1 ? 1 : spec.period,
  };
}

/** Splits a parameter vector into its polynomials (AR parts through the PACF map when `transform`). */
export function split(l: Layout, par: readonly number[], transform: boolean): { ar: number[]; ma: number[]; sar: number[]; sma: number[] } {
  const { p, q, P, Q } = l.spec;
  let o = 0;
  const take = (k: number): number[] => {
    const v = par.slice(o, o + k);
    o += k;
    return v;
  };
  let ar = take(p);
  const ma = take(q);
  let sar = take(P);
  const sma = take(Q);
  if (transform) {
    ar = transformToStationary(ar);
    sar = transformToStationary(sar);
  }
  return { ar, ma, sar, sma };
}

/** The differenced series, with NaN kept where a difference touches a missing value. */
export function differencedSeries(y: readonly number[], spec: SarimaOrder): number[] {
  return difference(y, spec.d, spec.D, spec.period);
}

/** The regression part R adds for a constant: a mean (d+D=0) or a drift on t = 1..n (d+D=1). */
export function regression(spec: SarimaSpec, constant: number, t: number): number {
  if (!spec.constant) return 0;
  return spec.d + spec.D === 0 ? constant : constant * (t + 1);
}
