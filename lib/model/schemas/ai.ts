/**
 * Predictions with explanations (issue 16): `water_quality_predictor`, the probability
 * that free chlorine at a sampling point falls below its limit within the next hours
 * (functions/domain/water-quality/predictor.ts documents the model, its explanation, its
 * interval and its confidence).
 */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { Id, IsoDateTime } from './common';
import { SensorId } from './sensors';

export const MODEL_NAMES = ['water_quality_predictor', 'asset_failure_predictor'] as const;
const ModelName = lazySchema(() => z.enum(MODEL_NAMES).describe('The model: `water_quality_predictor` (chlorine falls, POST /v1/ai/predict) or `asset_failure_predictor` (corrective work orders, GET /v1/assets/at-risk)'));
/** The models `POST /v1/ai/predict` answers with (assets at risk have their own route). */
const PredictedModelName = lazySchema(() => z.enum(['water_quality_predictor']).describe('The model: `water_quality_predictor`'));

export const ModelNameParams = lazySchema(() => z.strictObject({ name: ModelName }));

const Num = (min: number, max: number, describe: string) => z.number().min(min).max(max).describe(describe);

/** Explicit current values, or where to read them. */
export const ExplicitInputs = lazySchema(() => z.strictObject({
  chlorine: Num(0, 20, 'Free chlorine, mg/L'),
  turbidity: Num(0, 4000, 'Turbidity, NTU'),
  temperature: Num(-5, 50, 'Water temperature, °C'),
  ph: Num(0, 14, 'pH'),
  chlorineTrend: Num(-20, 20, 'Change of free chlorine over the last 3 hours, mg/L; default 0 (unknown)').optional(),
  turbidityTrend: Num(-4000, 4000, 'Change of turbidity over the last 3 hours, NTU; default 0 (unknown)').optional(),
  at: IsoDateTime.optional().describe('When the values were read (the hour of day enters the model); default now'),
}));

export const SiteInputs = lazySchema(() => z.strictObject({
  siteId: Id.describe("The site (sampling point): its chlorine, turbidity, temperature and pH sensors' last hourly means are read, with their 3-hour trend"),
}));

export const SensorInputs = lazySchema(() => z.strictObject({
  sensorIds: z.array(SensorId).min(4).max(4).describe('One sensor of each kind: chlorine, turbidity, temperature, pH (their last hourly means and 3-hour trends are read)'),
}));

export const PredictBody = lazySchema(() => z.strictObject({
  modelName: PredictedModelName,
  inputData: z.union([ExplicitInputs, SiteInputs, SensorInputs]).describe('The current values, or `{siteId}` or `{sensorIds}` to read them from the telemetry store'),
  explanationRequested: z.boolean().default(true).describe('Include the explanation (contributions and sentence)'),
  confidenceThreshold: z.number().min(0.5).max(1).default(0.7).describe('A prediction whose confidence is below it is recorded in the audit trail and says so; confidence = max(p, 1 - p)'),
}));
export type PredictBody = z.infer<typeof PredictBody>;

export const predictExample = {
  modelName: 'water_quality_predictor',
  inputData: { ph: 7.2, turbidity: 0.8, chlorine: 0.3, temperature: 18.5 },
  explanationRequested: true,
  confidenceThreshold: 0.7,
};

const Window = lazySchema(() => z.object({ from: IsoDateTime, to: IsoDateTime, examples: z.int(), positives: z.int().describe('Hours followed by a fall below the limit') }));

const CalibrationBins = lazySchema(() => z.array(z.object({ from: z.number(), to: z.number(), count: z.int(), meanPredicted: z.number().nullable(), observedRate: z.number().nullable() })).describe('Ten bins of predicted probability on the held-out window: mean prediction against the observed rate'));

const Evaluation = lazySchema(() => z.object({
  window: Window.describe('The held-out window: the newest 20 % of the history, never seen in training or calibration'),
  auc: z.number().nullable(),
  brier: z.number(),
  calibration: CalibrationBins,
  intervalCoverage: z.number().describe('Share of held-out hours whose lowest chlorine fell in the 90 % interval'),
  persistence: z.object({ auc: z.number().nullable(), brier: z.number() }).describe('The naive baseline on the same hours: the current chlorine alone'),
}));

const Explanation = lazySchema(() => z.object({
  baseline: z.number().describe('The probability at the reference point: every input at its training mean, at a typical hour'),
  contributions: z.array(z.object({
    feature: z.string(),
    value: z.number(),
    unit: z.string(),
    contribution: z.number().describe('Probability points (0-1 scale); they sum to prediction.probability - baseline'),
    logOdds: z.number().describe('The exact Shapley value in log-odds'),
  })).describe('Ordered by size'),
  sentence: z.string(),
  method: z.string(),
}));

export const PredictionAnswer = lazySchema(() => z.object({
  modelName: PredictedModelName,
  modelVersion: z.string(),
  modelKind: z.enum(['trained', 'default']).describe('`default`: the tenant has no trained model yet; the default one was trained on simulated data (see `note`)'),
  note: z.string().nullable(),
  prediction: z.object({
    probabilityBelowLimit: z.number(),
    limitMgL: z.number(),
    horizonHours: z.int(),
    expectedMinimumChlorineMgL: z.number().describe('The lowest free chlorine the model expects over the horizon'),
  }),
  confidence: z.number().describe('max(p, 1 - p): the probability, under the model, that its verdict (falls below or not) is right'),
  lowConfidence: z.boolean().describe('Confidence below confidenceThreshold: recorded in the audit trail'),
  uncertainty: z.object({
    quantity: z.literal('minimumChlorineMgL'),
    lower: z.number(),
    upper: z.number(),
    level: z.number(),
    measuredCoverage: z.number().describe('Coverage of this interval on the held-out window'),
  }).describe('Split-conformal interval of the lowest free chlorine over the horizon, mg/L'),
  explanation: Explanation.nullable(),
  inputs: z.record(z.string(), z.number()).describe('The values the model read'),
  recommendation: z.object({ action: z.enum(['flush_main', 'take_lab_sample', 'raise_chlorine_dose', 'monitor', 'none']), rule: z.string(), text: z.string() }),
  processingTimeMs: z.number(),
}).meta({ id: 'Prediction' }));

const QualityModelInfo = lazySchema(() => z.object({
  name: z.literal('water_quality_predictor'),
  predicts: z.string(),
  kind: z.enum(['trained', 'default']),
  version: z.string(),
  trainedAt: IsoDateTime,
  target: z.object({ limitMgL: z.number(), horizonHours: z.int() }),
  trainingWindow: Window.describe('What the probability head learnt from (the interval\'s regression: the part before the calibration window)'),
  calibrationWindow: Window.describe('Where the interval was calibrated (split conformal)'),
  evaluation: Evaluation,
  provenance: z.string(),
  lastTraining: z.object({ status: z.enum(['queued', 'succeeded', 'insufficient_history', 'failed']), requestedAt: IsoDateTime, completedAt: IsoDateTime.nullable(), reason: z.string().nullable() }).nullable(),
}).meta({ id: 'AiModel' }));

const LastTraining = lazySchema(() => z.object({ status: z.enum(['queued', 'succeeded', 'insufficient_history', 'failed']), requestedAt: IsoDateTime, completedAt: IsoDateTime.nullable(), reason: z.string().nullable() }).nullable());

const AssetModelInfo = lazySchema(() => z.object({
  name: z.literal('asset_failure_predictor'),
  predicts: z.string(),
  kind: z.enum(['trained', 'default']),
  version: z.string(),
  trainedAt: IsoDateTime,
  target: z.object({ horizonDays: z.int().describe('The horizon the model was trained at; GET /v1/assets/at-risk converts to others') }),
  trainingWindow: Window.describe('The monthly snapshots (asset × month) it learnt from'),
  evaluation: z.object({
    window: Window.describe('The held-out window: the newest quarter of snapshot dates, after every training label'),
    auc: z.number().nullable(),
    brier: z.number(),
    calibration: CalibrationBins,
    ageBaseline: z.object({ auc: z.number().nullable() }).describe('The naive baseline on the same snapshots: age alone'),
  }),
  provenance: z.string(),
  lastTraining: LastTraining,
}).meta({ id: 'AssetFailureModel' }));

export const ModelInfo = lazySchema(() => z.union([QualityModelInfo, AssetModelInfo]));

export const ModelList = lazySchema(() => z.object({ data: z.array(ModelInfo) }));

export const TrainBody = lazySchema(() => z.strictObject({
  siteIds: z.array(Id).min(1).max(50).optional().describe('Sites (sampling points) whose history trains the model; default every site with chlorine, turbidity, temperature and pH sensors'),
  limitMgL: z.number().min(0.05).max(5).default(0.2).describe('The chlorine limit the model predicts falls below (a tenant target stricter than 0.2 mg/L)'),
  horizonHours: z.int().min(1).max(48).default(6),
  days: z.int().min(14).max(365).default(180).describe('Days of history read (`asset_failure_predictor` reads three years of work orders and ignores limitMgL and horizonHours: it is trained at 30 days)'),
}));
export type TrainBody = z.infer<typeof TrainBody>;

export const TrainAccepted = lazySchema(() => z.object({ name: ModelName, status: z.literal('queued'), requestedAt: IsoDateTime }));

export const predictionExample = {
  modelName: 'water_quality_predictor',
  modelVersion: '01KBZ4Q8M6Q2V3W4X5Y6Z7A8BC',
  modelKind: 'trained',
  note: null,
  prediction: { probabilityBelowLimit: 0.1438, limitMgL: 0.2, horizonHours: 6, expectedMinimumChlorineMgL: 0.252 },
  confidence: 0.8562,
  lowConfidence: false,
  uncertainty: { quantity: 'minimumChlorineMgL', lower: 0.169, upper: 0.375, level: 0.9, measuredCoverage: 0.907 },
  explanation: {
    baseline: 0.0591,
    contributions: [
      { feature: 'chlorine', value: 0.3, unit: 'mg/L', contribution: 0.0781, logOdds: 0.9072 },
      { feature: 'hourUtc', value: 21, unit: 'h (UTC)', contribution: 0.0139, logOdds: 0.1614 },
      { feature: 'ph', value: 7.2, unit: 'pH', contribution: -0.0078, logOdds: -0.0904 },
    ],
    sentence:
      'The probability that free chlorine falls below 0.2 mg/L within 6 hours is 14 %, against 6 % for a typical hour: raised by free chlorine 0.3 mg/L (+8 points) and the hour of day (demand cycle) 21h UTC (+1 points); lowered by pH 7.2 (−1 points).',
    method:
      'Exact Shapley values of the log-odds model against the reference point (baseline Shapley: a column of one input goes to that input, a column of two inputs is shared by their exact two-player Shapley values); the change of probability from the baseline is shared among inputs in proportion to their log-odds values.',
  },
  inputs: { chlorine: 0.3, turbidity: 0.8, temperature: 18.5, ph: 7.2, chlorineTrend: 0, turbidityTrend: 0, hourUtc: 21 },
  recommendation: { action: 'none', rule: 'R5', text: 'No action: free chlorine should stay above its limit.' },
  processingTimeMs: 1.84,
};

const windowExample = (from: string, to: string, examples: number, positives: number) => ({ from, to, examples, positives });

export const modelListExample = {
  data: [
    {
      name: 'water_quality_predictor',
      predicts:
        'The probability that the hourly mean free chlorine at a sampling point falls below 0.2 mg/L within the next 6 hours, with the lowest chlorine expected and its 90 % conformal interval.',
      kind: 'trained',
      version: '01KBZ4Q8M6Q2V3W4X5Y6Z7A8BC',
      trainedAt: '2026-12-07T02:30:12Z',
      target: { limitMgL: 0.2, horizonHours: 6 },
      trainingWindow: windowExample('2026-06-10T00:00:00Z', '2026-11-08T00:00:00Z', 3530, 311),
      calibrationWindow: windowExample('2026-10-01T00:00:00Z', '2026-11-08T00:00:00Z', 880, 71),
      evaluation: {
        window: windowExample('2026-11-08T06:00:00Z', '2026-12-07T02:00:00Z', 880, 64),
        auc: 0.83,
        brier: 0.061,
        calibration: [{ from: 0, to: 0.1, count: 640, meanPredicted: 0.03, observedRate: 0.028 }],
        intervalCoverage: 0.902,
        persistence: { auc: 0.79, brier: 0.083 },
      },
      provenance: 'Trained on the hourly means of site 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B, 180 days to 2026-12-07T02:00:00.000Z.',
      lastTraining: { status: 'succeeded', requestedAt: '2026-12-07T02:30:00Z', completedAt: '2026-12-07T02:30:12Z', reason: null },
    },
    {
      name: 'asset_failure_predictor',
      predicts: 'The probability that an asset gets a corrective work order within the next 30 days (other horizons converted at a constant hazard), from its age, type, sensors and work-order history; GET /v1/assets/at-risk ranks the assets by it.',
      kind: 'default',
      version: 'default-1',
      trainedAt: '2026-12-08T00:00:00Z',
      target: { horizonDays: 30 },
      trainingWindow: windowExample('2023-01-01T00:00:00Z', '2025-01-30T00:00:00Z', 11_250, 610),
      evaluation: {
        window: windowExample('2025-01-25T00:00:00Z', '2025-12-21T00:00:00Z', 4050, 220),
        auc: 0.817,
        brier: 0.05,
        calibration: [{ from: 0, to: 0.1, count: 3600, meanPredicted: 0.03, observedRate: 0.031 }],
        ageBaseline: { auc: 0.656 },
      },
      provenance: 'Trained on 4 simulated years of 3 fleets of 150 assets (lib/local/simulator/fleet.ts, seeds 11, 23, 37) by scripts/asset-risk-default-model.ts.',
      lastTraining: null,
    },
  ],
};
