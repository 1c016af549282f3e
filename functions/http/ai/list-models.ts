import { listModels as listModelsUseCase } from '#application/ai/list-models';
import { findRoute } from '#lib/model/find-route';
import { aiRoutes } from '#lib/model/routes/ai';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** `GET /v1/ai/models`: each model with what it predicts, its windows and its evaluation. */
export async function listModels({ principal }: HttpRequest) {
  return { status: 200, body: { data: await listModelsUseCase(caller(principal)) } };
}

export const handler = httpRoute(findRoute(aiRoutes, 'listModels'), listModels);
