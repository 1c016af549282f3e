/** What the AI use cases answer: a prediction and a model's listing, in the API's shape (schemas/ai.ts). */
import type { AssetFailureModel } from '#domain/asset-risk/model';
import type { QualityInputs } from '#domain/water-quality/features';
import type { WaterQualityModel, WaterQualityPrediction } from '#domain/water-quality/predictor';
import type { ModelRegistration } from '#domain/water-quality/registry';

export interface PredictionResult extends WaterQualityPrediction {
  readonly model: WaterQualityModel;
  readonly inputs: QualityInputs;
}

export interface ModelListing {
  readonly model: WaterQualityModel;
  readonly lastTraining: ModelRegistration['lastTraining'] | null;
}

const r = (v: number, digits = 4) => Math.round(v * 10 ** digits) / 10 ** digits;

export const predictsText = (m: WaterQualityModel) =>
  `The probability that the hourly mean free chlorine at a sampling point falls below ${m.target.limitMgL} mg/L within the next ${m.target.horizonHours} hours, with the lowest chlorine expected and its 90 % conformal interval.`;

export function predictionAnswer(result: PredictionResult, explanationRequested: boolean, processingTimeMs: number) {
  const { model } = result;
  return {
    modelName: model.name,
    modelVersion: model.version,
    modelKind: model.kind,
    note: model.kind === 'default' ? `Default model: this tenant has no trained model yet. ${model.provenance}` : null,
    prediction: { probabilityBelowLimit: r(result.probability), limitMgL: model.target.limitMgL, horizonHours: model.target.horizonHours, expectedMinimumChlorineMgL: r(result.minimum.estimate, 3) },
    confidence: r(result.confidence),
    lowConfidence: result.lowConfidence,
    uncertainty: { quantity: 'minimumChlorineMgL' as const, lower: r(result.minimum.lower, 3), upper: r(result.minimum.upper, 3), level: result.minimum.level, measuredCoverage: r(result.minimum.measuredCoverage) },
    explanation: explanationRequested ? result.explanation : null,
    inputs: { ...result.inputs },
    recommendation: result.recommendation,
    processingTimeMs: r(processingTimeMs, 2),
  };
}

export function modelInfo({ model, lastTraining }: ModelListing) {
  return {
    name: model.name,
    predicts: predictsText(model),
    kind: model.kind,
    version: model.version,
    trainedAt: model.trainedAt,
    target: model.target,
    trainingWindow: model.training,
    calibrationWindow: model.interval.calibration,
    evaluation: model.evaluation,
    provenance: model.provenance,
    lastTraining,
  };
}

/** The asset-failure model's listing. */
export function assetModelInfo({ model, lastTraining }: { model: AssetFailureModel; lastTraining: ModelRegistration['lastTraining'] | null }) {
  return {
    name: model.name,
    predicts: `The probability that an asset gets a corrective work order within the next ${model.horizonDays} days (other horizons converted at a constant hazard), from its age, type, sensors and work-order history; GET /v1/assets/at-risk ranks the assets by it.`,
    kind: model.kind,
    version: model.version,
    trainedAt: model.trainedAt,
    target: { horizonDays: model.horizonDays },
    trainingWindow: model.training,
    evaluation: model.evaluation,
    provenance: model.provenance,
    lastTraining,
  };
}
