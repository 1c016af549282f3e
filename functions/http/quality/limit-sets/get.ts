import { getLimitSet as getLimitSetUseCase } from '#application/quality/get-limit-set';
import { caller, resourceResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { qualityRoutes } from '#lib/model/routes/quality';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function getLimitSet({ params, principal }: HttpRequest<{ id: string }>) {
  return resourceResult(await getLimitSetUseCase(caller(principal), params.id));
}

export const handler = httpRoute(findRoute(qualityRoutes, 'getLimitSet'), getLimitSet);
