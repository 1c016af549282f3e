/**
 * Limit sets of a tenant, and which limits apply at a point. Pure.
 *
 * A tenant's set is scoped to a site, or to one sampling point of a site (a plant outlet is
 * not a customer tap), and may only be stricter than the regulation (Directive (EU)
 * 2020/2184): each maximum at most the regulation's, each minimum at least its, for both
 * bounds of a range such as pH; a parameter the regulation gives no number for (free
 * chlorine, turbidity) takes any limit.
 *
 * Precedence, per parameter and per bound, at a sampling point on a day:
 *   1. the regulation's value in force that day for the point's kind (the strictest of them
 *      when several apply: nitrite 0.10 mg/L at a plant outlet, 0.50 mg/L elsewhere);
 *   2. the tenant's sets scoped to that sampling point, when one of them sets the bound;
 *      otherwise the tenant's sets scoped to the point's site (the strictest when several);
 *   3. the stricter of 1 and 2 applies, and names its set and source (the regulation on a tie).
 * The regulation is a floor nothing can loosen: a tenant value that became laxer (lead's
 * 10 µg/L ends on 12 January 2036) gives way to it. The WHO guidelines are a reference,
 * listed beside the regulation; a tenant adopts one of their values with a set of its own.
 */
import type { Principal } from '#domain/principal';
import { canSeeClientData } from '#domain/principal';
import { firstVersion, type Versioned } from '#domain/versions';
import type { Severity } from '#domain/alerts/rules';
import { EU_DWD, limitInForce, parameterOf, type BuiltInLimitSet, type Limit, type SamplingPointKind } from './catalogue';
import { clean, factorTo } from './units';

export interface TenantLimit {
  readonly parameter: string;
  readonly min: number | null;
  readonly max: number | null;
  /** The parameter's canonical unit (values given in another unit are converted). */
  readonly unit: string;
  readonly note: string | null;
}

export interface LimitSet extends Versioned {
  readonly name: string;
  readonly siteId: string;
  /** Only at this sampling point of the site (null: every point of the site). */
  readonly samplingPointId: string | null;
  /** The site's client (null: the operator's own). */
  readonly clientId: string | null;
  readonly limits: readonly TenantLimit[];
  /** The alert an exceedance of one of its limits raises, and whether it opens a work order. */
  readonly severity: Severity;
  readonly openWorkOrder: boolean;
}

/** A limit as a request gives it: in any accepted unit of the parameter (its canonical one by default). */
export interface LimitInput {
  readonly parameter: string;
  readonly min?: number | null | undefined;
  readonly max?: number | null | undefined;
  readonly unit?: string | undefined;
  readonly note?: string | null | undefined;
}

export interface NewLimitSet {
  readonly name: string;
  readonly siteId: string;
  readonly samplingPointId?: string | null | undefined;
  readonly limits: readonly LimitInput[];
  readonly severity?: Severity | undefined;
  readonly openWorkOrder?: boolean | undefined;
}

export interface LimitSetPatch {
  readonly name?: string | undefined;
  readonly limits?: readonly LimitInput[] | undefined;
  readonly severity?: Severity | undefined;
  readonly openWorkOrder?: boolean | undefined;
}

export interface LimitIssue {
  readonly path: string;
  readonly message: string;
}

/** What is wrong with limits as given, before any comparison (unknown parameter or unit, min above max, no bound, a parameter twice). */
export function limitInputIssues(limits: readonly LimitInput[]): LimitIssue[] {
  const issues: LimitIssue[] = [];
  const seen = new Set<string>();
  limits.forEach((l, i) => {
    const p = parameterOf(l.parameter);
    if (!p) return issues.push({ path: `limits.${i}.parameter`, message: `no parameter ${l.parameter} in the catalogue (GET /v1/quality/parameters)` });
    if (seen.has(l.parameter)) issues.push({ path: `limits.${i}.parameter`, message: `${l.parameter} is given twice` });
    seen.add(l.parameter);
    if (l.unit !== undefined && factorTo(p.unit, p.alternativeUnits, l.unit) === undefined) issues.push({ path: `limits.${i}.unit`, message: `${l.unit} is not a unit of ${p.code} (${p.unit})` });
    if ((l.min ?? null) === null && (l.max ?? null) === null) issues.push({ path: `limits.${i}`, message: 'give min, max or both' });
    if (l.min != null && l.max != null && l.min > l.max) issues.push({ path: `limits.${i}.min`, message: 'min is above max' });
    return undefined;
  });
  return issues;
}

/** Limits in the parameters' canonical units (inputs already checked by {@link limitInputIssues}). */
export function canonicalLimits(limits: readonly LimitInput[]): TenantLimit[] {
  return limits.map((l) => {
    const p = parameterOf(l.parameter)!;
    const factor = l.unit === undefined ? 1 : (factorTo(p.unit, p.alternativeUnits, l.unit) ?? 1);
    const convert = (v: number | null | undefined) => (v === null || v === undefined ? null : clean(v * factor));
    return { parameter: p.code, min: convert(l.min), max: convert(l.max), unit: p.unit, note: l.note ?? null };
  });
}

/** The regulation's strictest value of one bound in force on `day` at a point of `kind` (undefined: any point of a site). */
function regulatoryBound(parameter: string, bound: 'min' | 'max', day: string, kind?: SamplingPointKind): { value: number; limit: Limit } | undefined {
  let best: { value: number; limit: Limit } | undefined;
  for (const limit of EU_DWD.limits) {
    const value = limit[bound];
    if (limit.parameter !== parameter || value === null || !limitInForce(limit, day, kind)) continue;
    if (!best || stricter(bound, value, best.value)) best = { value, limit };
  }
  return best;
}

const stricter = (bound: 'min' | 'max', a: number, b: number) => (bound === 'max' ? a < b : a > b);

/**
 * Where limits are laxer than the regulation in force on `day` for the scope: a sampling
 * point's kind, or (`kind` undefined) the values that hold at every point of a site.
 */
export function laxerThanRegulation(limits: readonly TenantLimit[], day: string, kind?: SamplingPointKind): LimitIssue[] {
  const issues: LimitIssue[] = [];
  limits.forEach((l, i) => {
    for (const bound of ['min', 'max'] as const) {
      const value = l[bound];
      const reg = regulatoryBound(l.parameter, bound, day, kind);
      if (value === null || !reg || !stricter(bound, reg.value, value)) continue;
      const word = bound === 'max' ? 'above' : 'below';
      issues.push({ path: `limits.${i}.${bound}`, message: `${value} ${l.unit} is ${word} the regulatory ${bound} ${reg.value} ${l.unit} (${reg.limit.source}): a set may only be stricter` });
    }
  });
  return issues;
}

export function newLimitSet(id: string, input: NewLimitSet, clientId: string | null, now: string): LimitSet {
  return {
    ...firstVersion(id, now),
    name: input.name,
    siteId: input.siteId,
    samplingPointId: input.samplingPointId ?? null,
    clientId,
    limits: canonicalLimits(input.limits),
    severity: input.severity ?? 'major',
    openWorkOrder: input.openWorkOrder ?? false,
  };
}

/** The scope (site, sampling point) cannot change: a set for another place is another set. */
export function applyLimitSetPatch(set: LimitSet, patch: LimitSetPatch, now: string): LimitSet {
  return {
    ...set,
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.limits !== undefined ? { limits: canonicalLimits(patch.limits) } : {}),
    ...(patch.severity !== undefined ? { severity: patch.severity } : {}),
    ...(patch.openWorkOrder !== undefined ? { openWorkOrder: patch.openWorkOrder } : {}),
    version: set.version + 1,
    updatedAt: now,
  };
}

export const canSeeLimitSet = (principal: Principal, set: LimitSet): boolean => canSeeClientData(principal, set.clientId);

/** One bound of a limit that applies, with the set it comes from. */
export interface AppliedBound {
  readonly value: number;
  readonly setId: string;
  readonly setName: string;
  readonly source: string;
  readonly note: string | null;
}

export interface AppliedLimit {
  readonly parameter: string;
  readonly unit: string;
  readonly min: AppliedBound | null;
  readonly max: AppliedBound | null;
}

/** A place limits apply to: a sampling point (its id and kind), or a site without one. */
export interface LimitPlace {
  readonly siteId: string;
  readonly samplingPointId?: string | null;
  readonly kind?: SamplingPointKind;
}

/** The limit of one parameter that applies at `place` on `day`, by the precedence of the module's doc; null when nothing bounds it. */
export function applicableLimit(parameter: string, place: LimitPlace, sets: readonly LimitSet[], day: string): AppliedLimit | null {
  const unit = parameterOf(parameter)?.unit;
  if (!unit) return null;
  const pointSets = sets.filter((s) => s.samplingPointId !== null && s.samplingPointId === place.samplingPointId);
  const siteSets = sets.filter((s) => s.samplingPointId === null && s.siteId === place.siteId);
  const pick = (bound: 'min' | 'max'): AppliedBound | null => {
    const reg = regulatoryBound(parameter, bound, day, place.kind);
    const regulatory: AppliedBound | null = reg ? { value: reg.value, setId: EU_DWD.id, setName: EU_DWD.name, source: reg.limit.source, note: reg.limit.note ?? null } : null;
    const tenant = strictestOf(pointSets, parameter, bound) ?? strictestOf(siteSets, parameter, bound);
    if (!tenant) return regulatory;
    if (!regulatory) return tenant;
    return stricter(bound, tenant.value, regulatory.value) ? tenant : regulatory;
  };
  const min = pick('min');
  const max = pick('max');
  return min || max ? { parameter, unit, min, max } : null;
}

function strictestOf(sets: readonly LimitSet[], parameter: string, bound: 'min' | 'max'): AppliedBound | null {
  let best: AppliedBound | null = null;
  for (const set of sets) {
    for (const limit of set.limits) {
      const value = limit[bound];
      if (limit.parameter !== parameter || value === null) continue;
      if (!best || stricter(bound, value, best.value)) best = { value, setId: set.id, setName: set.name, source: `limit set ${set.name}`, note: limit.note };
    }
  }
  return best;
}

/** The tenant set that gave a bound, for its alert settings (undefined: the regulation). */
export const setOfBound = (bound: AppliedBound, sets: readonly LimitSet[]): LimitSet | undefined => sets.find((s) => s.id === bound.setId);

/** Whether a value is beyond a bound. */
export const beyond = (bound: 'min' | 'max', limit: number, value: number): boolean => (bound === 'max' ? value > limit : value < limit);

/** A set as the API shows it: a built-in one (read-only) or a tenant's. */
export interface LimitSetView extends Versioned {
  readonly name: string;
  readonly kind: 'regulatory' | 'guideline' | 'tenant';
  readonly readOnly: boolean;
  /** Whether exceedances are judged against it (the regulation and tenant sets; the WHO guidelines are a reference). */
  readonly enforced: boolean;
  readonly source: string;
  readonly siteId: string | null;
  readonly samplingPointId: string | null;
  readonly clientId: string | null;
  readonly severity: Severity | null;
  readonly openWorkOrder: boolean;
  readonly limits: readonly (Limit | (TenantLimit & { readonly source: string }))[];
}

/** The day the Directive was published in the Official Journal (OJ L 435, 23.12.2020): the built-in sets' stamp. */
const BUILT_IN_STAMP = '2020-12-23T00:00:00.000Z';

export function builtInView(set: BuiltInLimitSet): LimitSetView {
  return {
    id: set.id,
    version: 1,
    createdAt: BUILT_IN_STAMP,
    updatedAt: BUILT_IN_STAMP,
    name: set.name,
    kind: set.kind,
    readOnly: true,
    enforced: set.enforced,
    source: set.source,
    siteId: null,
    samplingPointId: null,
    clientId: null,
    severity: null,
    openWorkOrder: false,
    limits: set.limits,
  };
}

export function tenantView(set: LimitSet): LimitSetView {
  const source = `limit set ${set.name}`;
  return { ...set, kind: 'tenant', readOnly: false, enforced: true, source, limits: set.limits.map((l) => ({ ...l, source })) };
}
