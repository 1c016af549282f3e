/**
 * `asset_failure_predictor`: the probability that an asset gets a corrective work order
 * within the next `horizonDays`, with an exact additive explanation. Training, evaluation,
 * prediction and ranking; pure.
 *
 * Examples are assets × monthly snapshots of the tenant's own history: the inputs known at
 * `t` (features.ts), labelled by whether a corrective work order was opened in
 * `(t, t + horizon]`. A penalised logistic regression (linear-models.ts, the water-quality
 * model's) is fitted on the older snapshots whose labels end before the held-out window;
 * the newest quarter of snapshot dates is the held-out window, never seen in training,
 * scored by AUC, Brier score and calibration beside the naive baseline (age alone).
 *
 * The model is trained at one horizon (30 days unless the training asked otherwise); an
 * answer for another horizon `H` converts the probability as a constant hazard over the
 * horizon would: `1 - (1 - p)^(H / trained)`. The conversion is monotone, so the ranking
 * is the trained model's at any horizon; the explanation's log-odds values are the exact
 * Shapley values of the trained model, and the probability change at `H` is shared in
 * their proportion (additive-explanation.ts), so the contributions sum to it exactly.
 */
import { explainAdditively, type ExplainedColumn } from '#domain/ml/additive-explanation';
import { auc, brier, calibrationBins, type CalibrationBin } from '#domain/water-quality/evaluation';
import { fitLogistic, linear, sigmoid, type LinearModel } from '#domain/water-quality/linear-models';
import { completed, IMPUTED, RISK_FEATURE_NAMES, RISK_FEATURES, riskColumns, type AssetRiskInputs, type CompleteInputs, type Imputed, type RiskFeature } from './features';

export const ASSET_FAILURE_MODEL = 'asset_failure_predictor';
export const DEFAULT_HORIZON_DAYS = 30;
export const PENALTY = 1;
/** The least history a tenant's own model is trained on; below it the default model answers. */
export const MIN_TRAINING = { examples: 200, positives: 15, negatives: 15, testPositives: 3 } as const;

const DAY = 86_400_000;

export interface RiskExample {
  readonly assetId: string;
  /** The snapshot's time, ms. */
  readonly t: number;
  readonly inputs: AssetRiskInputs;
  /** A corrective work order was opened within the horizon after `t`. */
  readonly fails: boolean;
}

export interface RiskWindow {
  readonly from: string;
  readonly to: string;
  readonly examples: number;
  readonly positives: number;
}

export interface RiskEvaluation {
  readonly window: RiskWindow;
  readonly auc: number | null;
  readonly brier: number;
  readonly calibration: readonly CalibrationBin[];
  /** The naive baseline on the same snapshots: the age alone as the score (older is riskier). */
  readonly ageBaseline: { readonly auc: number | null };
}

/** A trained model, as stored (`models/{tenant}/asset_failure_predictor/{version}.json`). */
export interface AssetFailureModel {
  readonly name: typeof ASSET_FAILURE_MODEL;
  readonly version: string;
  readonly kind: 'trained' | 'default';
  readonly trainedAt: string;
  /** The horizon the labels looked ahead, days. */
  readonly horizonDays: number;
  /** The asset types seen in training: one column each. */
  readonly types: readonly string[];
  readonly columns: readonly string[];
  /** The training means that replace an unknown age or sensor mean. */
  readonly imputation: Readonly<Record<Imputed, number>>;
  /** The explanation's reference point: the training means, of the most common type. */
  readonly reference: CompleteInputs;
  readonly classifier: LinearModel;
  readonly training: RiskWindow;
  readonly evaluation: RiskEvaluation;
  readonly provenance: string;
}

export type RiskTrainingOutcome = { readonly ok: true; readonly model: AssetFailureModel } | { readonly ok: false; readonly reason: string };

const iso = (ms: number) => new Date(ms).toISOString();
const finite = (v: number) => (Number.isFinite(v) ? v : null);
const windowOf = (rows: readonly RiskExample[], horizonDays: number): RiskWindow => ({
  from: iso(Math.min(...rows.map((r) => r.t))),
  to: iso(Math.max(...rows.map((r) => r.t)) + horizonDays * DAY),
  examples: rows.length,
  positives: rows.filter((r) => r.fails).length,
});

const columnsOf = (model: Pick<AssetFailureModel, 'types'>) => riskColumns(model.types);
const rowOf = (columns: ReturnType<typeof riskColumns>, x: CompleteInputs) => columns.map((c) => c.of(x));

/** The newest quarter of snapshot dates is held out; training keeps the snapshots whose labels end before it. */
export function splitByTime(examples: readonly RiskExample[], horizonDays: number): { train: RiskExample[]; test: RiskExample[] } {
  const times = [...new Set(examples.map((e) => e.t))].sort((a, b) => a - b);
  const testFrom = times[Math.floor(times.length * 0.75)] ?? Number.POSITIVE_INFINITY;
  return { train: examples.filter((e) => e.t + horizonDays * DAY <= testFrom), test: examples.filter((e) => e.t >= testFrom) };
}

/** The probability at the trained horizon. */
export function failureProbability(model: Pick<AssetFailureModel, 'types' | 'imputation' | 'classifier'>, x: AssetRiskInputs): number {
  return sigmoid(linear(model.classifier, rowOf(columnsOf(model), completed(x, model.imputation))));
}

/** Scores a fitted model on snapshots it never saw. */
export function evaluateRisk(model: Pick<AssetFailureModel, 'types' | 'imputation' | 'classifier' | 'horizonDays'>, rows: readonly RiskExample[]): RiskEvaluation {
  const outcomes = rows.map((r) => r.fails);
  const p = rows.map((r) => failureProbability(model, r.inputs));
  const age = rows.map((r) => r.inputs.ageYears ?? model.imputation.ageYears);
  return { window: windowOf(rows, model.horizonDays), auc: finite(auc(p, outcomes)), brier: brier(p, outcomes), calibration: calibrationBins(p, outcomes), ageBaseline: { auc: finite(auc(age, outcomes)) } };
}

const meanOf = (rows: readonly RiskExample[], f: Imputed, fallback: number) => {
  const known = rows.map((r) => r.inputs[f]).filter((v): v is number => v !== null);
  return known.length ? known.reduce((s, v) => s + v, 0) / known.length : fallback;
};

/**
 * Trains the model on a tenant's snapshots: split by time, fit on the older ones, score on
 * the newest quarter. Refuses (with the reason) when the history is too short or one-sided.
 */
export function trainAssetFailureModel(
  examples: readonly RiskExample[],
  options: { version: string; trainedAt: string; horizonDays: number; provenance: string; kind?: 'trained' | 'default'; penalty?: number },
): RiskTrainingOutcome {
  const { train, test } = splitByTime(examples, options.horizonDays);
  const positives = train.filter((e) => e.fails).length;
  if (train.length < MIN_TRAINING.examples) return { ok: false, reason: `${train.length} training snapshots (asset × month), at least ${MIN_TRAINING.examples} needed (${examples.length} in all)` };
  if (positives < MIN_TRAINING.positives || train.length - positives < MIN_TRAINING.negatives) {
    return { ok: false, reason: `the training snapshots have ${positives} followed by a corrective work order within ${options.horizonDays} days and ${train.length - positives} not; at least ${MIN_TRAINING.positives} of each needed` };
  }
  const testPositives = test.filter((e) => e.fails).length;
  if (testPositives < MIN_TRAINING.testPositives || test.length - testPositives < MIN_TRAINING.testPositives) return { ok: false, reason: 'too few snapshots left to evaluate the model on a later window' };
  const imputation = { ageYears: meanOf(train, 'ageYears', 10), pressureBar: meanOf(train, 'pressureBar', 5), vibrationMmS: meanOf(train, 'vibrationMmS', 2), runHoursPerDay: meanOf(train, 'runHoursPerDay', 8) };
  const counts = new Map<string, number>();
  for (const e of train) counts.set(e.inputs.type, (counts.get(e.inputs.type) ?? 0) + 1);
  const types = [...counts.keys()].sort();
  const columns = riskColumns(types);
  const complete = train.map((e) => completed(e.inputs, imputation));
  const classifier = fitLogistic(complete.map((x) => rowOf(columns, x)), train.map((e) => e.fails), options.penalty ?? PENALTY);
  const mean = (f: (x: CompleteInputs) => number) => complete.reduce((s, x) => s + f(x), 0) / complete.length;
  const reference: CompleteInputs = {
    type: [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0],
    ...imputation,
    correctiveLast365: mean((x) => x.correctiveLast365),
    daysSinceCorrective: mean((x) => x.daysSinceCorrective),
    preventiveLast365: mean((x) => x.preventiveLast365),
  };
  const fitted = { types, imputation, classifier, horizonDays: options.horizonDays };
  return {
    ok: true,
    model: {
      name: ASSET_FAILURE_MODEL,
      version: options.version,
      kind: options.kind ?? 'trained',
      trainedAt: options.trainedAt,
      horizonDays: options.horizonDays,
      types,
      columns: columns.map((c) => c.name),
      imputation,
      reference,
      classifier,
      training: windowOf(train, options.horizonDays),
      evaluation: evaluateRisk(fitted, test),
      provenance: options.provenance,
    },
  };
}

/** A probability at the trained horizon converted to `horizonDays` (constant hazard over the horizon). */
export const atHorizon = (p: number, trainedDays: number, horizonDays: number): number => 1 - (1 - p) ** (horizonDays / trainedDays);

export interface RiskContribution {
  readonly feature: RiskFeature;
  /** The input's value (a string for the type; null when unknown, then imputed and contributing nothing). */
  readonly value: number | string | null;
  readonly unit: string;
  /** Its share of `probability - baseline`, probability points (0..1 scale). */
  readonly contribution: number;
  /** Its exact Shapley value in log-odds (of the trained model). */
  readonly logOdds: number;
}

export interface RiskExplanation {
  readonly baseline: number;
  readonly contributions: readonly RiskContribution[];
  readonly sentence: string;
  readonly method: string;
}

export interface AssetRisk {
  readonly probability: number;
  readonly horizonDays: number;
  readonly explanation: RiskExplanation;
}

export const RISK_EXPLANATION_METHOD =
  'Exact Shapley values of the log-odds model against the reference point (a typical asset: the most common type at the training means; each input enters through its own columns, so its value is the sum of its columns\' weight × (value − reference)); the change of probability at the asked horizon from the baseline is shared among inputs in proportion to their log-odds values, so the contributions sum to it.';

/** The probability of a corrective work order within `horizonDays`, with its explanation. */
export function assetRisk(model: AssetFailureModel, x: AssetRiskInputs, horizonDays: number): AssetRisk {
  const columns: readonly ExplainedColumn<CompleteInputs, RiskFeature>[] = columnsOf(model);
  const { probability: pT, baseline: p0T, byFeature } = explainAdditively(model.classifier, columns, RISK_FEATURE_NAMES, completed(x, model.imputation), model.reference);
  const probability = atHorizon(pT, model.horizonDays, horizonDays);
  const baseline = atHorizon(p0T, model.horizonDays, horizonDays);
  const delta = [...byFeature.values()].reduce((s, v) => s + v.logOdds, 0);
  // At the trained horizon this is the shared scale of explainAdditively; elsewhere the same sharing of the converted change.
  const scale = Math.abs(delta) > 1e-9 ? (probability - baseline) / delta : 0;
  const contributions = RISK_FEATURES.map((f) => ({
    feature: f.name,
    value: x[f.name],
    unit: f.unit,
    logOdds: byFeature.get(f.name)!.logOdds,
    contribution: byFeature.get(f.name)!.logOdds * scale,
  })).sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  return { probability, horizonDays, explanation: { baseline, contributions, sentence: riskSentence(horizonDays, probability, baseline, contributions), method: RISK_EXPLANATION_METHOD } };
}

const pct = (p: number) => `${Math.round(p * 1000) / 10} %`;
const points = (c: number) => `${c >= 0 ? '+' : '−'}${Math.abs(Math.round(c * 1000) / 10)} points`;
function valueText(c: RiskContribution): string {
  const label = RISK_FEATURES.find((f) => f.name === c.feature)!.label;
  if (c.feature === 'type') return `its type (${c.value})`;
  if (c.value === null) return `${label} unknown`;
  const v = Math.round(Number(c.value) * 10) / 10;
  return c.feature === 'daysSinceCorrective' && v >= 365 ? 'no corrective work order in the last year' : `${label} ${v}${c.unit ? ` ${c.unit}` : ''}`;
}

function riskSentence(horizonDays: number, p: number, p0: number, contributions: readonly RiskContribution[]): string {
  const head = `The probability of a corrective work order within ${horizonDays} days is ${pct(p)}, against ${pct(p0)} for a typical asset`;
  const top = contributions.filter((c) => Math.abs(c.contribution) >= 0.001).slice(0, 3);
  if (!top.length) return `${head}; no input moves it much.`;
  const up = top.filter((c) => c.contribution > 0).map((c) => `${valueText(c)} (${points(c.contribution)})`);
  const down = top.filter((c) => c.contribution < 0).map((c) => `${valueText(c)} (${points(c.contribution)})`);
  return `${head}: ${[up.length ? `raised by ${up.join(' and ')}` : '', down.length ? `lowered by ${down.join(' and ')}` : ''].filter(Boolean).join('; ')}.`;
}

/** Unknown inputs named in an answer: imputed at the training means. */
export const unknownInputs = (x: AssetRiskInputs): Imputed[] => IMPUTED.filter((f) => x[f] === null);
