/**
 * Predictions with explanations (issue 16).
 *
 * Who: admins, managers and technicians (the operators in the field) predict and read the
 * models; only admins train (a training replaces the model every prediction of the tenant
 * uses). Client users do not: a prediction reads the tenant's sensors. Predict reads the
 * model's registry entry (table) and its stored version under `models/` of the documents
 * bucket; training is queued to `model-training` and run by its worker, which also serves
 * the weekly schedule.
 */
import type { QueueDecl, RouteDecl, ScheduleDecl } from '../types';
import { ModelList, modelListExample, ModelNameParams, PredictBody, PredictionAnswer, predictExample, predictionExample, TrainAccepted, TrainBody } from '../schemas/ai';

const common = { tag: 'AI', apiKey: true } as const;
export const MODELS_PREFIX = 'models/';
const PREDICTORS = ['admin', 'manager', 'technician'] as const;

export const aiRoutes: readonly RouteDecl[] = [
  {
    ...common,
    operationId: 'predict',
    method: 'POST',
    path: '/v1/ai/predict',
    summary: 'Predict with a model: probability, confidence, conformal interval, exact explanation and a recommendation from stated rules',
    handler: 'http/ai/predict',
    auth: { kind: 'authenticated', roles: PREDICTORS },
    request: { body: PredictBody, bodyExample: predictExample },
    responses: { 200: { description: 'The prediction', schema: PredictionAnswer, example: predictionExample } },
    // A site or sensor named in inputData that does not exist; 422 when it lacks a sensor kind or recent readings.
    errorStatuses: [404, 422],
    fn: { memoryMb: 512, timeoutSeconds: 10, access: { table: 'read', telemetry: 'read', documentsBucket: 'read', documentsPrefixes: [MODELS_PREFIX] } },
  },
  {
    ...common,
    operationId: 'listModels',
    method: 'GET',
    path: '/v1/ai/models',
    summary: 'The models: what each predicts, its version, training window and evaluation on held-out data (the default model when the tenant has not trained one)',
    handler: 'http/ai/list-models',
    auth: { kind: 'authenticated', roles: PREDICTORS },
    responses: { 200: { description: 'The models', schema: ModelList, example: modelListExample } },
    fn: { access: { table: 'read', documentsBucket: 'read', documentsPrefixes: [MODELS_PREFIX] } },
  },
  {
    ...common,
    operationId: 'trainModel',
    method: 'POST',
    path: '/v1/ai/models/{name}/train',
    summary: "Train the model on the tenant's own history (queued; GET /v1/ai/models shows the outcome)",
    handler: 'http/ai/train',
    auth: { kind: 'authenticated', roles: ['admin'] },
    request: { params: ModelNameParams, body: TrainBody, bodyExample: { limitMgL: 0.2, horizonHours: 6, days: 180 } },
    responses: { 202: { description: 'Queued', schema: TrainAccepted, example: { name: 'water_quality_predictor', status: 'queued', requestedAt: '2026-12-07T02:30:00Z' } } },
    fn: { access: { table: 'readWrite', sendsTo: ['model-training'] } },
    idempotent: true,
  },
];

/** Training runs: reads telemetry, writes the model under `models/` and its registry entry. */
const TRAINS = { table: 'readWrite', telemetry: 'read', documentsBucket: 'readWrite', documentsPrefixes: [MODELS_PREFIX] } as const;

/** The `model-training` queue and its worker (timeout 240 s, below the 300 s visibility timeout). */
export const MODEL_TRAINING_QUEUE: QueueDecl = {
  name: 'model-training',
  visibilityTimeoutSeconds: 300,
  maxReceiveCount: 3,
  batchSize: 1,
  consumer: { handler: 'workers/model-training', fn: { timeoutSeconds: 240, memoryMb: 1024, access: TRAINS } },
};

/** Weekly (Monday 02:30 UTC): every tenant that has a model registered is retrained with its last options. */
export const aiSchedules: readonly ScheduleDecl[] = [
  {
    name: 'model-retraining',
    expression: 'cron(30 2 ? * MON *)',
    handler: 'workers/model-retraining',
    // Each registration is written `queued` before its message is sent.
    fn: { timeoutSeconds: 60, access: { table: 'readWrite', sendsTo: ['model-training'] } },
  },
];
