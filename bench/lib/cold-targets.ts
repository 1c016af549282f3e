/**
 * The targets of `npm run bench:cold` (issue 14): every route function's init within
 * 1.3x of the GetItem baseline's, built and measured in the same run, and no route
 * bundle over 350 KB. Workers and the batch route are reported beside them, not judged.
 */

/** Init of a route function at most this many times the baseline's (median against median). */
export const INIT_RATIO_TARGET = 1.3;
/** Largest route bundle, in KB (1024 bytes) of minified JavaScript. */
export const BUNDLE_KB_TARGET = 350;

/** Which part of the report a function belongs to. */
export type ColdGroup = 'baseline' | 'route' | 'batch' | 'worker' | 'probe';

export interface ColdRow {
  readonly name: string;
  readonly group: ColdGroup;
  readonly kb: number;
  /** Median init (wall) ms. */
  readonly initMs: number;
  /** Median init CPU ms. */
  readonly cpuMs: number;
}

export interface TargetVerdict {
  readonly initPass: boolean;
  readonly cpuPass: boolean;
  readonly bundlePass: boolean;
  readonly worstInit?: { readonly name: string; readonly ratio: number };
  readonly worstCpu?: { readonly name: string; readonly ratio: number };
  readonly largest?: { readonly name: string; readonly kb: number };
  /** Routes over either target, by name. */
  readonly overInit: readonly string[];
  readonly overBundle: readonly string[];
}

/**
 * Judges the route functions (group `route`) against the baseline's medians; a route
 * that failed to initialise (`failedRoutes`) fails the init target.
 */
export function judgeRoutes(rows: readonly ColdRow[], baseline: { readonly initMs: number; readonly cpuMs: number }, failedRoutes: readonly string[] = []): TargetVerdict {
  const routes = rows.filter((r) => r.group === 'route');
  const ratio = (r: ColdRow) => r.initMs / baseline.initMs;
  const cpuRatio = (r: ColdRow) => r.cpuMs / baseline.cpuMs;
  const maxBy = (f: (r: ColdRow) => number) => (routes.length ? routes.reduce((a, b) => (f(b) > f(a) ? b : a)) : undefined);
  const wi = maxBy(ratio);
  const wc = maxBy(cpuRatio);
  const big = maxBy((r) => r.kb);
  const overInit = [...routes.filter((r) => ratio(r) > INIT_RATIO_TARGET).map((r) => r.name), ...failedRoutes];
  const overBundle = routes.filter((r) => r.kb > BUNDLE_KB_TARGET).map((r) => r.name);
  return {
    initPass: overInit.length === 0,
    cpuPass: routes.every((r) => cpuRatio(r) <= INIT_RATIO_TARGET) && failedRoutes.length === 0,
    bundlePass: overBundle.length === 0,
    ...(wi ? { worstInit: { name: wi.name, ratio: ratio(wi) } } : {}),
    ...(wc ? { worstCpu: { name: wc.name, ratio: cpuRatio(wc) } } : {}),
    ...(big ? { largest: { name: big.name, kb: big.kb } } : {}),
    overInit,
    overBundle,
  };
}
