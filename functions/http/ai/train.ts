import { requestTenantTraining } from '#application/ai/request-training';
import { findRoute } from '#lib/model/find-route';
import { aiRoutes } from '#lib/model/routes/ai';
import type { TrainBody } from '#lib/model/schemas/ai';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** `POST /v1/ai/models/{name}/train`: 202, queued; GET /v1/ai/models shows the outcome. */
export async function trainModel({ params, body, principal }: HttpRequest<{ name: string }, unknown, TrainBody>) {
  const registration = await requestTenantTraining(caller(principal), params.name, body, new Date());
  return { status: 202, body: { name: params.name, status: 'queued', requestedAt: registration.lastTraining.requestedAt }, audit: { resourceId: params.name } };
}

export const handler = httpRoute(findRoute(aiRoutes, 'trainModel'), trainModel);
