/**
 * The features of the asset-failure model: what is known of an asset at a time `t`, from
 * its record (type, installation date), its sensors (pressure, vibration, run hours: the
 * means of the 30 days before `t`, null where the asset has no such sensor) and its work
 * orders (corrective ones opened before `t`, preventive ones completed before `t`), and
 * the outcome it learns (a corrective work order opened within the horizon after `t`). Pure.
 */

const DAY = 86_400_000;
const YEAR = 365.25 * DAY;
/** The history window of the work-order counts. */
export const HISTORY_DAYS = 365;

/** What the model reads of one asset at one time. */
export interface AssetRiskInputs {
  readonly type: string;
  /** Years since installation; null when the installation date is unknown. */
  readonly ageYears: number | null;
  /** Mean pressure at the asset over the last 30 days, bar; null without a pressure sensor. */
  readonly pressureBar: number | null;
  /** Mean vibration velocity over the last 30 days, mm/s (ISO 10816); null without a vibration sensor. */
  readonly vibrationMmS: number | null;
  /** Mean run hours per day over the last 30 days; null without a run-hours counter. */
  readonly runHoursPerDay: number | null;
  /** Corrective work orders opened in the last 365 days. */
  readonly correctiveLast365: number;
  /** Days since the last corrective work order was opened, capped at 365 (365 when none). */
  readonly daysSinceCorrective: number;
  /** Preventive work orders completed in the last 365 days. */
  readonly preventiveLast365: number;
}

export const RISK_FEATURES = [
  { name: 'ageYears', unit: 'years', label: 'age' },
  { name: 'type', unit: '', label: 'asset type' },
  { name: 'pressureBar', unit: 'bar', label: 'mean pressure' },
  { name: 'vibrationMmS', unit: 'mm/s', label: 'mean vibration' },
  { name: 'runHoursPerDay', unit: 'h/day', label: 'run hours' },
  { name: 'correctiveLast365', unit: 'work orders', label: 'corrective work orders in the last year' },
  { name: 'daysSinceCorrective', unit: 'days', label: 'days since the last corrective work order' },
  { name: 'preventiveLast365', unit: 'work orders', label: 'preventive work orders done in the last year' },
] as const;
export type RiskFeature = (typeof RISK_FEATURES)[number]['name'];
export const RISK_FEATURE_NAMES: readonly RiskFeature[] = RISK_FEATURES.map((f) => f.name);

/** The inputs that may be unknown, imputed at the training mean (so an unknown value explains nothing). */
export const IMPUTED = ['ageYears', 'pressureBar', 'vibrationMmS', 'runHoursPerDay'] as const;
export type Imputed = (typeof IMPUTED)[number];
export type CompleteInputs = Omit<AssetRiskInputs, Imputed> & { readonly [K in Imputed]: number };

/** A work order as the model reads it. */
export interface WorkOrderEvent {
  readonly type: string;
  /** When it was opened (a corrective one: when the fault was reported), ms. */
  readonly openedAt: number;
  /** When it was completed, ms; null while it is not. */
  readonly completedAt: number | null;
}

/** The sensor means of the 30 days before `t` (null where the asset has no such sensor or no reading). */
export interface TelemetryMeans {
  readonly pressureBar: number | null;
  readonly vibrationMmS: number | null;
  readonly runHoursPerDay: number | null;
}

export const NO_TELEMETRY: TelemetryMeans = { pressureBar: null, vibrationMmS: null, runHoursPerDay: null };

/** The inputs of an asset at `t`, from its work orders (any order) and its telemetry means before `t`. */
export function inputsAt(asset: { readonly type: string; readonly installedAt: number | null }, workOrders: readonly WorkOrderEvent[], telemetry: TelemetryMeans, t: number): AssetRiskInputs {
  const since = t - HISTORY_DAYS * DAY;
  const corrective = workOrders.filter((w) => w.type === 'corrective' && w.openedAt <= t);
  const last = corrective.reduce((m, w) => Math.max(m, w.openedAt), Number.NEGATIVE_INFINITY);
  return {
    type: asset.type,
    ageYears: asset.installedAt === null ? null : Math.max(0, (t - asset.installedAt) / YEAR),
    ...telemetry,
    correctiveLast365: corrective.filter((w) => w.openedAt > since).length,
    daysSinceCorrective: Math.min(HISTORY_DAYS, Number.isFinite(last) ? (t - last) / DAY : HISTORY_DAYS),
    preventiveLast365: workOrders.filter((w) => w.type === 'preventive' && w.completedAt !== null && w.completedAt > since && w.completedAt <= t).length,
  };
}

/** Whether a corrective work order was opened in `(t, t + horizonDays]`. */
export const failsWithin = (workOrders: readonly WorkOrderEvent[], t: number, horizonDays: number): boolean =>
  workOrders.some((w) => w.type === 'corrective' && w.openedAt > t && w.openedAt <= t + horizonDays * DAY);

/** The unknown inputs replaced by `means`. */
export function completed(x: AssetRiskInputs, means: Readonly<Record<Imputed, number>>): CompleteInputs {
  return { ...x, ageYears: x.ageYears ?? means.ageYears, pressureBar: x.pressureBar ?? means.pressureBar, vibrationMmS: x.vibrationMmS ?? means.vibrationMmS, runHoursPerDay: x.runHoursPerDay ?? means.runHoursPerDay };
}

/** A model column, tied to the input it is a function of. */
export interface RiskColumn {
  readonly name: string;
  readonly features: readonly [RiskFeature];
  readonly of: (x: CompleteInputs) => number;
}

/**
 * The columns: age through its value and its square (wear-out: the hazard rises faster
 * than linearly with age), one indicator per asset type seen in training, the sensor means,
 * the corrective count on a log scale, the recency of the last corrective work order as
 * `exp(-days / 60)` (a repaired fault often comes back within weeks), the preventive count.
 */
export function riskColumns(types: readonly string[]): RiskColumn[] {
  const one = (name: string, feature: RiskFeature, of: (x: CompleteInputs) => number): RiskColumn => ({ name, features: [feature], of });
  return [
    one('ageYears', 'ageYears', (x) => x.ageYears),
    one('ageYears²/10', 'ageYears', (x) => (x.ageYears * x.ageYears) / 10),
    ...types.map((t) => one(`type=${t}`, 'type', (x) => (x.type === t ? 1 : 0))),
    one('pressureBar', 'pressureBar', (x) => x.pressureBar),
    one('vibrationMmS', 'vibrationMmS', (x) => x.vibrationMmS),
    one('runHoursPerDay', 'runHoursPerDay', (x) => x.runHoursPerDay),
    one('ln(1+correctiveLast365)', 'correctiveLast365', (x) => Math.log1p(x.correctiveLast365)),
    one('exp(-daysSinceCorrective/60)', 'daysSinceCorrective', (x) => Math.exp(-x.daysSinceCorrective / 60)),
    one('preventiveLast365', 'preventiveLast365', (x) => x.preventiveLast365),
  ];
}
