/**
 * Second-order moments of a causal ARMA process with unit innovation variance, and from
 * them the stationary covariance of the state vector of its state-space form. That
 * covariance initialises the Kalman filter, which is what makes the likelihood exact.
 *
 * State form (Harvey; the one R's `arima` uses): `r = max(p, q + 1)`, transition `T` with
 * `phi` in the first column and ones on the superdiagonal, disturbance loading
 * `R = (1, theta_1, ..., theta_{r-1})`, observation `y_t = alpha_t[0]`.
 */

/** MA(infinity) weights psi_0..psi_count-1 of the ARMA process. */
export function psiWeights(phi: readonly number[], theta: readonly number[], count: number): Float64Array {
  const psi = new Float64Array(count);
  if (count > 0) psi[0] = 1;
  for (let j = 1; j < count; j++) {
    let v = j <= theta.length ? theta[j - 1]! : 0;
    const top = Math.min(j, phi.length);
    for (let i = 1; i <= top; i++) {
      const f = phi[i - 1]!;
      if (f !== 0) v += f * psi[j - i]!;
    }
    psi[j] = v;
  }
  return psi;
}

/** Solves `A x = b` in place by Gaussian elimination with partial pivoting; null when singular. */
function solve(A: Float64Array, b: Float64Array, n: number): Float64Array | null {
  for (let col = 0; col < n; col++) {
    let piv = col;
    let best = Math.abs(A[col * n + col]!);
    for (let r = col + 1; r < n; r++) {
      const v = Math.abs(A[r * n + col]!);
      if (v > best) {
        best = v;
        piv = r;
      }
    }
    if (best < 1e-300) return null;
    if (piv !== col) {
      for (let c = 0; c < n; c++) {
        const t = A[col * n + c]!;
        A[col * n + c] = A[piv * n + c]!;
        A[piv * n + c] = t;
      }
      const t = b[col]!;
      b[col] = b[piv]!;
      b[piv] = t;
    }
    const d = A[col * n + col]!;
    for (let r = col + 1; r < n; r++) {
      const f = A[r * n + col]! / d;
      if (f === 0) continue;
      for (let c = col; c < n; c++) A[r * n + c] = A[r * n + c]! - f * A[col * n + c]!;
      b[r] = b[r]! - f * b[col]!;
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let c = r + 1; c < n; c++) s -= A[r * n + c]! * x[c]!;
    x[r] = s / A[r * n + r]!;
  }
  return x;
}

/**
 * Autocovariances gamma(0..maxLag) of the ARMA process with unit innovation variance,
 * by solving the first p+1 Yule–Walker-type equations and recursing beyond.
 * Returns null when the AR part is (numerically) non-stationary.
 */
export function armaAutocovariance(phi: readonly number[], theta: readonly number[], maxLag: number): Float64Array | null {
  const p = phi.length;
  const q = theta.length;
  const psi = psiWeights(phi, theta, q + 1);
  // rhs_k = sum_{j=k}^{q} theta_j psi_{j-k}, theta_0 = 1
  const rhs = (k: number): number => {
    let s = 0;
    for (let j = k; j <= q; j++) s += (j === 0 ? 1 : theta[j - 1]!) * psi[j - k]!;
    return s;
  };
  const gamma = new Float64Array(Math.max(maxLag, p) + 1);
  if (p === 0) {
    for (let k = 0; k <= maxLag; k++) gamma[k] = k <= q ? rhs(k) : 0;
    return gamma;
  }
  const n = p + 1;
  const A = new Float64Array(n * n);
  const b = new Float64Array(n);
  for (let k = 0; k <= p; k++) {
    A[k * n + k] = A[k * n + k]! + 1;
    for (let i = 1; i <= p; i++) {
      const lag = Math.abs(k - i);
      A[k * n + lag] = A[k * n + lag]! - phi[i - 1]!;
    }
    b[k] = rhs(k);
  }
  const head = solve(A, b, n);
  if (!head || !(head[0]! > 0)) return null;
  for (let k = 0; k <= p; k++) gamma[k] = head[k]!;
  for (let k = p + 1; k < gamma.length; k++) {
    let s = k <= q ? rhs(k) : 0;
    for (let i = 1; i <= p; i++) s += phi[i - 1]! * gamma[k - i]!;
    gamma[k] = s;
  }
  return gamma;
}

/** One term of a state component written as a combination of past observations and shocks. */
interface Term {
  coef: number;
  lag: number;
  shock: boolean;
}

/**
 * Stationary covariance (row-major r x r) of the ARMA state vector with unit innovation
 * variance, from the autocovariances and psi weights: state component i is
 * `sum_{k>i} phi_k y_{t+i-k} + sum_{k>=i} theta_k e_{t+i-k}`. Null when non-stationary.
 */
export function stationaryStateCovariance(phi: readonly number[], theta: readonly number[], r: number): Float64Array | null {
  const gamma = armaAutocovariance(phi, theta, r + 1);
  if (!gamma) return null;
  const psi = psiWeights(phi, theta, r + 2);
  const terms: Term[][] = [];
  for (let i = 0; i < r; i++) {
    if (i === 0) {
      terms.push([{ coef: 1, lag: 0, shock: false }]);
      continue;
    }
    const list: Term[] = [];
    for (let k = i + 1; k <= r; k++) {
      const f = k <= phi.length ? phi[k - 1]! : 0;
      if (f !== 0) list.push({ coef: f, lag: k - i, shock: false });
    }
    for (let k = i; k <= r - 1; k++) {
      const t = k <= theta.length ? theta[k - 1]! : 0;
      if (t !== 0) list.push({ coef: t, lag: k - i, shock: true });
    }
    terms.push(list);
  }
  const cov = (a: Term, b: Term): number => {
    if (!a.shock && !b.shock) return gamma[Math.abs(a.lag - b.lag)]!;
    if (a.shock && b.shock) return a.lag === b.lag ? 1 : 0;
    const y = a.shock ? b : a;
    const e = a.shock ? a : b;
    // y_{t-L1} loads shock e_{t-L2} with psi_{L2-L1} when L2 >= L1.
    return e.lag >= y.lag ? psi[e.lag - y.lag]! : 0;
  };
  const P = new Float64Array(r * r);
  for (let i = 0; i < r; i++) {
    for (let j = i; j < r; j++) {
      let s = 0;
      for (const a of terms[i]!) for (const b of terms[j]!) s += a.coef * b.coef * cov(a, b);
      P[i * r + j] = s;
      P[j * r + i] = s;
    }
  }
  return P;
}

/** First column of {@link stationaryStateCovariance} only: all the Chandrasekhar recursions need. */
export function stationaryStateCovarianceFirstColumn(phi: readonly number[], theta: readonly number[], r: number): Float64Array | null {
  const gamma = armaAutocovariance(phi, theta, r + 1);
  if (!gamma) return null;
  const psi = psiWeights(phi, theta, r + 2);
  const col = new Float64Array(r);
  col[0] = gamma[0]!;
  for (let i = 1; i < r; i++) {
    let s = 0;
    for (let k = i + 1; k <= Math.min(r, phi.length); k++) s += phi[k - 1]! * gamma[k - i]!;
    for (let k = i; k <= Math.min(r - 1, theta.length); k++) s += theta[k - 1]! * psi[k - i]!;
    col[i] = s;
  }
  return col;
}
