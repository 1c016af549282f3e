/**
 * `water_quality_predictor`: the probability that free chlorine at a sampling point falls
 * below its limit within the next hours, with an exact explanation, a measured interval
 * and a recommendation from stated rules. Training, evaluation and prediction; pure.
 *
 * What it predicts: P(the hourly mean free chlorine falls below `limitMgL` in one of the
 * next `horizonHours` hours), 0.2 mg/L and 6 hours unless the training asked otherwise
 * (0.2 mg/L: the minimum residual the WHO guidelines recommend at the point of delivery;
 * a tenant with a stricter target trains its model with it).
 *
 * Two heads on the same columns (features.ts):
 * - a regularised logistic regression gives the probability;
 * - a ridge regression gives the expected lowest chlorine of the horizon (on a log scale),
 *   and split conformal prediction on a calibration window gives its 90 % interval: the
 *   interval of `uncertainty` is on that lowest chlorine, in mg/L, a quantity an operator
 *   can check against the analyser (a probability's interval could not be checked).
 *
 * Training splits the tenant's examples by time: the oldest 60 % fit the interval's
 * regression and the next 20 % calibrate it (conformal needs hours the regression never
 * saw); the probability head, which needs no calibration window, is fitted on both (the
 * most recent history counts: water warms and cools with the seasons); the newest 20 %
 * evaluate both heads (AUC, Brier score, calibration bins, interval coverage, and the
 * persistence baseline) and were never seen by either. `horizonHours` of examples are
 * dropped at each boundary, so no training label looks into a later window.
 *
 * `confidence` = max(p, 1 - p): the probability, under the model, that its verdict
 * (falls below / stays above) is right. A calibrated model at p = 0.5 has confidence 0.5.
 */
import { auc, brier, calibrationBins, conformalQuantile, coverage, type CalibrationBin } from './evaluation';
import { COLUMNS, columnsOf, FEATURES, logChlorine, type Example, type FeatureName, type QualityInputs } from './features';
import { explainAdditively, logOddsShapley as sharedLogOddsShapley } from '#domain/ml/additive-explanation';
import { fitLogistic, fitRidge, linear, sigmoid, type LinearModel } from './linear-models';

const FEATURE_NAMES = FEATURES.map((f) => f.name);

export const WATER_QUALITY_MODEL = 'water_quality_predictor';
export const DEFAULT_LIMIT_MG_L = 0.2;
export const DEFAULT_HORIZON_HOURS = 6;
export const INTERVAL_LEVEL = 0.9;
/** The penalty of both heads, on standardised columns (tuned on the tuning seeds of bench:ai only). */
export const PENALTY = 1;

/** The least history a tenant's own model is trained on; below it the default model answers. */
export const MIN_TRAINING = { examples: 24 * 14, positives: 10, negatives: 10 } as const;

export interface Window {
  readonly from: string;
  readonly to: string;
  readonly examples: number;
  readonly positives: number;
}

export interface Evaluation {
  readonly window: Window;
  readonly auc: number | null;
  readonly brier: number;
  readonly calibration: readonly CalibrationBin[];
  /** Share of the evaluation hours whose lowest chlorine fell in the 90 % interval. */
  readonly intervalCoverage: number;
  /** The naive baseline on the same hours: the current chlorine as the only score (lower is riskier). */
  readonly persistence: { readonly auc: number | null; readonly brier: number };
}

/** A trained model, as stored (`models/{tenant}/{name}/{version}.json`). */
export interface WaterQualityModel {
  readonly name: typeof WATER_QUALITY_MODEL;
  readonly version: string;
  /** `trained` on the tenant's history, or the `default` model (see default-model.ts). */
  readonly kind: 'trained' | 'default';
  readonly trainedAt: string;
  readonly target: { readonly limitMgL: number; readonly horizonHours: number };
  /** The features of each column, in order (a check that the stored weights fit the code's columns). */
  readonly columns: readonly string[];
  /** The explanation's reference point: the training means of the inputs, at the hour whose probability there is closest to the training average. */
  readonly reference: QualityInputs;
  readonly classifier: LinearModel;
  /** Predicts ln(lowest chlorine of the horizon). */
  readonly minimum: LinearModel;
  readonly interval: { readonly level: number; readonly halfWidthLog: number; readonly calibration: Window };
  /** The probability head's training window (the interval's regression fits the part of it before `interval.calibration`). */
  readonly training: Window;
  readonly evaluation: Evaluation;
  /** Where it comes from, in words (the default model's seeds; a tenant's site and sensors). */
  readonly provenance: string;
}

export type TrainingOutcome = { readonly ok: true; readonly model: WaterQualityModel } | { readonly ok: false; readonly reason: string };

const iso = (ms: number) => new Date(ms).toISOString();
const windowOf = (rows: readonly Example[]): Window => ({
  from: iso(rows[0]!.ts),
  to: iso(rows[rows.length - 1]!.ts + 3_600_000),
  examples: rows.length,
  positives: rows.filter((r) => r.below).length,
});
const finite = (v: number) => (Number.isFinite(v) ? v : null);

/** Splits time-ordered examples 60/20/20 with a gap of `gapMs` after each cut. */
export function splitByTime(examples: readonly Example[], gapMs: number): { train: Example[]; calibration: Example[]; test: Example[] } {
  const sorted = [...examples].sort((a, b) => a.ts - b.ts);
  const at = (q: number) => sorted[Math.floor(sorted.length * q)]?.ts ?? Number.POSITIVE_INFINITY;
  const cut1 = at(0.6);
  const cut2 = at(0.8);
  return {
    train: sorted.filter((e) => e.ts < cut1 - gapMs),
    calibration: sorted.filter((e) => e.ts >= cut1 && e.ts < cut2 - gapMs),
    test: sorted.filter((e) => e.ts >= cut2),
  };
}

/** Scores a fitted model on examples it never saw. */
export function evaluate(model: Pick<WaterQualityModel, 'classifier' | 'minimum' | 'interval' | 'target'>, rows: readonly Example[]): Evaluation {
  const outcomes = rows.map((r) => r.below);
  const probabilities = rows.map((r) => sigmoid(linear(model.classifier, columnsOf(r.inputs))));
  const intervals = rows.map((r) => intervalOf(model, r.inputs));
  const persistenceScore = rows.map((r) => -r.inputs.chlorine);
  const persistenceHard = rows.map((r) => (r.inputs.chlorine < model.target.limitMgL ? 1 : 0));
  return {
    window: windowOf(rows),
    auc: finite(auc(probabilities, outcomes)),
    brier: brier(probabilities, outcomes),
    calibration: calibrationBins(probabilities, outcomes),
    intervalCoverage: coverage(intervals, rows.map((r) => r.minimum)),
    persistence: { auc: finite(auc(persistenceScore, outcomes)), brier: brier(persistenceHard, outcomes) },
  };
}

/**
 * Trains the model on a tenant's examples (from `examplesOf`): split by time, fit both
 * heads on the oldest 60 %, the interval's half-width on the next 20 %, the evaluation on
 * the newest 20 %. Refuses (with the reason) when the history is too short or one-sided.
 */
export function trainWaterQualityModel(
  examples: readonly Example[],
  options: { version: string; trainedAt: string; limitMgL: number; horizonHours: number; provenance: string; kind?: 'trained' | 'default'; penalty?: number },
): TrainingOutcome {
  const { train, calibration, test } = splitByTime(examples, options.horizonHours * 3_600_000);
  const positives = train.filter((e) => e.below).length;
  if (train.length < MIN_TRAINING.examples) return { ok: false, reason: `${train.length} training hours with complete readings, at least ${MIN_TRAINING.examples} needed (${examples.length} in all)` };
  if (positives < MIN_TRAINING.positives || train.length - positives < MIN_TRAINING.negatives) {
    return { ok: false, reason: `the training window has ${positives} hours followed by a fall below ${options.limitMgL} mg/L and ${train.length - positives} not; at least ${MIN_TRAINING.positives} of each needed` };
  }
  if (calibration.length < 20 || test.length < 20) return { ok: false, reason: 'too few hours left to calibrate and evaluate the model' };
  const penalty = options.penalty ?? PENALTY;
  const rows = train.map((e) => columnsOf(e.inputs));
  const trainAndCalibration = [...train, ...calibration];
  const classifier = fitLogistic(trainAndCalibration.map((e) => columnsOf(e.inputs)), trainAndCalibration.map((e) => e.below), penalty);
  const minimum = fitRidge(rows, train.map((e) => logChlorine(e.minimum)), penalty);
  const residuals = calibration.map((e) => Math.abs(logChlorine(e.minimum) - linear(minimum, columnsOf(e.inputs))));
  const interval = { level: INTERVAL_LEVEL, halfWidthLog: conformalQuantile(residuals, INTERVAL_LEVEL), calibration: windowOf(calibration) };
  const target = { limitMgL: options.limitMgL, horizonHours: options.horizonHours };
  const fitted = { classifier, minimum, interval, target };
  return {
    ok: true,
    model: {
      name: WATER_QUALITY_MODEL,
      version: options.version,
      kind: options.kind ?? 'trained',
      trainedAt: options.trainedAt,
      target,
      columns: COLUMNS.map((c) => c.features.join('×')),
      reference: referenceOf(train, classifier),
      classifier,
      minimum,
      interval,
      training: windowOf(trainAndCalibration),
      evaluation: evaluate(fitted, test),
      provenance: options.provenance,
    },
  };
}

/** The training means of the inputs, at the hour whose probability there is closest to the training window's mean probability. */
function referenceOf(train: readonly Example[], classifier: LinearModel): QualityInputs {
  const mean = (f: (x: QualityInputs) => number) => train.reduce((s, e) => s + f(e.inputs), 0) / train.length;
  const at = { chlorine: mean((x) => x.chlorine), turbidity: mean((x) => x.turbidity), temperature: mean((x) => x.temperature), ph: mean((x) => x.ph), chlorineTrend: mean((x) => x.chlorineTrend), turbidityTrend: mean((x) => x.turbidityTrend) };
  const average = mean((x) => sigmoid(linear(classifier, columnsOf(x))));
  let best = { hourUtc: 0, gap: Number.POSITIVE_INFINITY };
  for (let hourUtc = 0; hourUtc < 24; hourUtc++) {
    const gap = Math.abs(sigmoid(linear(classifier, columnsOf({ ...at, hourUtc }))) - average);
    if (gap < best.gap) best = { hourUtc, gap };
  }
  return { ...at, hourUtc: best.hourUtc };
}

/** The lowest chlorine of the horizon, mg/L: the point estimate and its conformal interval. */
export function intervalOf(model: Pick<WaterQualityModel, 'minimum' | 'interval'>, x: QualityInputs): { estimate: number; lower: number; upper: number } {
  const log = linear(model.minimum, columnsOf(x));
  return { estimate: Math.exp(log), lower: Math.exp(log - model.interval.halfWidthLog), upper: Math.exp(log + model.interval.halfWidthLog) };
}

export interface Contribution {
  readonly feature: FeatureName;
  /** The input's value. */
  readonly value: number;
  readonly unit: string;
  /** Its share of `probability - baseline`, probability points (0..1 scale). */
  readonly contribution: number;
  /** Its exact Shapley value in log-odds. */
  readonly logOdds: number;
}

export interface Explanation {
  /** The probability at the reference point (the training means of the inputs, at a typical hour). */
  readonly baseline: number;
  /** Ordered by size; they sum to `probability - baseline` (and, in log-odds, to `logit(probability) - logit(baseline)`). */
  readonly contributions: readonly Contribution[];
  readonly sentence: string;
  readonly method: string;
}

export const EXPLANATION_METHOD =
  'Exact Shapley values of the log-odds model against the reference point (baseline Shapley: a column of one input goes to that input, a column of two inputs is shared by their exact two-player Shapley values); the change of probability from the baseline is shared among inputs in proportion to their log-odds values.';

/** Each feature's exact Shapley value of the log-odds, against `reference` (every column depends on at most two features). */
export const logOddsShapley = (classifier: LinearModel, x: QualityInputs, reference: QualityInputs): Map<FeatureName, number> =>
  sharedLogOddsShapley(classifier, COLUMNS, FEATURE_NAMES, x, reference);

/**
 * The explanation of the probability for inputs `x`: each input's exact Shapley value in
 * log-odds against the model's reference point (`logOddsShapley`), then the probability
 * change `p - p0` shared in proportion to them (so they sum to it exactly; when
 * `logit(p) = logit(p0)` the local slope p(1-p) is used).
 */
export function explain(model: Pick<WaterQualityModel, 'classifier' | 'target' | 'reference'>, x: QualityInputs): Explanation {
  const { probability, baseline, byFeature } = explainAdditively(model.classifier, COLUMNS, FEATURE_NAMES, x, model.reference);
  const contributions = FEATURES.map((f) => {
    const { logOdds, contribution } = byFeature.get(f.name)!;
    return { feature: f.name, value: x[f.name], unit: f.unit, contribution, logOdds };
  }).sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  return { baseline, contributions, sentence: sentenceOf(model.target, probability, baseline, contributions), method: EXPLANATION_METHOD };
}

const pct = (p: number) => `${Math.round(p * 100)} %`;
const points = (c: number) => `${c >= 0 ? '+' : '−'}${Math.abs(Math.round(c * 100))} points`;
const valueText = (c: Contribution) => {
  const label = FEATURES.find((f) => f.name === c.feature)!.label;
  const value = Math.round(c.value * 1000) / 1000;
  return c.feature === 'hourUtc' ? `${label} ${value}h UTC` : c.feature === 'ph' ? `pH ${value}` : `${label} ${value} ${c.unit}`;
};

function sentenceOf(target: WaterQualityModel['target'], p: number, p0: number, contributions: readonly Contribution[]): string {
  const head = `The probability that free chlorine falls below ${target.limitMgL} mg/L within ${target.horizonHours} hours is ${pct(p)}, against ${pct(p0)} for a typical hour`;
  const top = contributions.filter((c) => Math.abs(c.contribution) >= 0.005).slice(0, 3);
  if (!top.length) return `${head}; no input moves it much.`;
  const up = top.filter((c) => c.contribution > 0).map((c) => `${valueText(c)} (${points(c.contribution)})`);
  const down = top.filter((c) => c.contribution < 0).map((c) => `${valueText(c)} (${points(c.contribution)})`);
  const parts = [up.length ? `raised by ${up.join(' and ')}` : '', down.length ? `lowered by ${down.join(' and ')}` : ''].filter(Boolean);
  return `${head}: ${parts.join('; ')}.`;
}

export type RecommendedAction = 'flush_main' | 'take_lab_sample' | 'raise_chlorine_dose' | 'monitor' | 'none';

export interface Recommendation {
  readonly action: RecommendedAction;
  /** The rule that chose it, as documented in RECOMMENDATION_RULES. */
  readonly rule: string;
  readonly text: string;
}

/** Turbidity above which particles shield microbes and consume chlorine (WHO: ideally below 1 NTU for effective disinfection). */
export const TURBID_NTU = 1;

/**
 * The rules, first match wins:
 *   R1 p ≥ 0.5 and turbidity ≥ 1 NTU (or rising by ≥ 0.5 NTU in 3 h): flush the main and sample;
 *   R2 confidence below the caller's threshold: take a lab sample (the model cannot tell);
 *   R3 p ≥ 0.5: raise the chlorine dose (plant or booster);
 *   R4 p ≥ 0.2: monitor (check the analyser, watch the next hours);
 *   R5 otherwise: no action.
 */
export function recommend(p: number, confidence: number, threshold: number, x: QualityInputs, target: WaterQualityModel['target']): Recommendation {
  if (p >= 0.5 && (x.turbidity >= TURBID_NTU || x.turbidityTrend >= 0.5)) {
    return { action: 'flush_main', rule: 'R1', text: `Chlorine is likely to fall below ${target.limitMgL} mg/L while the water is turbid (${x.turbidity} NTU): flush the main at this point and take a lab sample (turbidity and E. coli).` };
  }
  if (confidence < threshold) {
    return { action: 'take_lab_sample', rule: 'R2', text: `The model is not confident (${pct(confidence)} < ${pct(threshold)}): take a lab sample of free chlorine to decide.` };
  }
  if (p >= 0.5) return { action: 'raise_chlorine_dose', rule: 'R3', text: `Raise the chlorine dose (plant or booster): free chlorine is likely to fall below ${target.limitMgL} mg/L within ${target.horizonHours} hours.` };
  if (p >= 0.2) return { action: 'monitor', rule: 'R4', text: 'Watch the next hours: check the chlorine analyser and the dose.' };
  return { action: 'none', rule: 'R5', text: 'No action: free chlorine should stay above its limit.' };
}

export interface WaterQualityPrediction {
  readonly probability: number;
  readonly confidence: number;
  readonly lowConfidence: boolean;
  readonly minimum: { readonly estimate: number; readonly lower: number; readonly upper: number; readonly level: number; readonly measuredCoverage: number };
  readonly explanation: Explanation;
  readonly recommendation: Recommendation;
}

/** One prediction: probability, confidence, interval, explanation (always computed: it is a few multiplications) and recommendation. */
export function predictWaterQuality(model: WaterQualityModel, x: QualityInputs, confidenceThreshold: number): WaterQualityPrediction {
  const probability = sigmoid(linear(model.classifier, columnsOf(x)));
  const confidence = Math.max(probability, 1 - probability);
  const iv = intervalOf(model, x);
  return {
    probability,
    confidence,
    lowConfidence: confidence < confidenceThreshold,
    minimum: { ...iv, level: model.interval.level, measuredCoverage: model.evaluation.intervalCoverage },
    explanation: explain(model, x),
    recommendation: recommend(probability, confidence, confidenceThreshold, x, model.target),
  };
}

