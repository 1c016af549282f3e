import { predict as predictUseCase } from '#application/ai/predict';
import { findRoute } from '#lib/model/find-route';
import { aiRoutes } from '#lib/model/routes/ai';
import type { PredictBody } from '#lib/model/schemas/ai';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** `POST /v1/ai/predict`: a low-confidence prediction is recorded in the audit trail (its `changes.lowConfidence`). */
export async function predict({ body, principal }: HttpRequest<unknown, unknown, PredictBody>) {
  const answer = await predictUseCase(caller(principal), body, new Date());
  const lowConfidence = answer.lowConfidence ? { lowConfidence: { confidence: answer.confidence, threshold: body.confidenceThreshold, probability: answer.prediction.probabilityBelowLimit, modelVersion: answer.modelVersion } } : undefined;
  return { status: 200, body: answer, audit: { resourceId: body.modelName, ...(lowConfidence ? { after: lowConfidence } : {}) } };
}

export const handler = httpRoute(findRoute(aiRoutes, 'predict'), predict);
