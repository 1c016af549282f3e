/**
 * The in-model state-space form of an ARIMA model (R's `makeARIMA` layout): ARMA part
 * (Harvey form, r = max(p, q + 1)) followed by the last d + D*m observations, and the
 * structured prediction steps shared by the filter and the forecaster.
 */

/** Lists the indices of non-zero coefficients so recursions touch only those. */
export function nonZero(v: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) out.push(i);
  return out;
}

/** Model matrices shared by the filter and the forecaster. */
export interface Structure {
  phi: readonly number[];
  theta: readonly number[];
  delta: readonly number[];
  r: number;
  rd: number;
  phiIdx: number[];
  deltaIdx: number[];
}

/** The structure of ARIMA(phi, theta) with differencing polynomial `delta`. */
export function structure(phi: readonly number[], theta: readonly number[], delta: readonly number[]): Structure {
  const r = Math.max(phi.length, theta.length + 1);
  return { phi, theta, delta, r, rd: r + delta.length, phiIdx: nonZero(phi), deltaIdx: nonZero(delta) };
}

/** One prediction step of the state: `out = T a`, using the sparse structure of T. */
export function predictState(s: Structure, a: Float64Array, out: Float64Array): void {
  const { r, rd, phi, delta } = s;
  for (let i = 0; i < r - 1; i++) out[i] = a[i + 1]!;
  out[r - 1] = 0;
  for (const i of s.phiIdx) out[i] = out[i]! + phi[i]! * a[0]!;
  if (rd > r) {
    for (let i = rd - 1; i > r; i--) out[i] = a[i - 1]!;
    let tmp = a[0]!;
    for (const k of s.deltaIdx) tmp += delta[k]! * a[r + k]!;
    out[r] = tmp;
  }
}

/** One prediction step of the covariance: `out = T P T' + R R'` (row-major; `mm` is scratch). */
export function predictCovariance(s: Structure, P: Float64Array, mm: Float64Array, out: Float64Array): void {
  const { r, rd, phi, delta, theta } = s;
  // mm = T P
  for (let j = 0; j < rd; j++) {
    for (let i = 0; i < r - 1; i++) mm[i * rd + j] = P[(i + 1) * rd + j]!;
    mm[(r - 1) * rd + j] = 0;
    const p0j = P[j]!;
    for (const i of s.phiIdx) mm[i * rd + j] = mm[i * rd + j]! + phi[i]! * p0j;
    if (rd > r) {
      let tmp = p0j;
      for (const k of s.deltaIdx) tmp += delta[k]! * P[(r + k) * rd + j]!;
      mm[r * rd + j] = tmp;
      for (let i = 1; i < rd - r; i++) mm[(r + i) * rd + j] = P[(r + i - 1) * rd + j]!;
    }
  }
  // out = mm T'
  for (let i = 0; i < rd; i++) {
    const row = i * rd;
    const m0 = mm[row]!;
    for (let j = 0; j < r - 1; j++) out[row + j] = mm[row + j + 1]!;
    out[row + r - 1] = 0;
    for (const j of s.phiIdx) out[row + j] = out[row + j]! + phi[j]! * m0;
    if (rd > r) {
      let tmp = m0;
      for (const k of s.deltaIdx) tmp += delta[k]! * mm[row + r + k]!;
      out[row + r] = tmp;
      for (let j = 1; j < rd - r; j++) out[row + r + j] = mm[row + r + j - 1]!;
    }
  }
  for (let i = 0; i < r; i++) {
    const vi = i === 0 ? 1 : i - 1 < theta.length ? theta[i - 1]! : 0;
    if (vi === 0) continue;
    for (let j = 0; j < r; j++) {
      const vj = j === 0 ? 1 : j - 1 < theta.length ? theta[j - 1]! : 0;
      out[i * rd + j] = out[i * rd + j]! + vi * vj;
    }
  }
}
