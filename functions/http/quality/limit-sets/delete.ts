import { deleteLimitSet as deleteLimitSetUseCase } from '#application/quality/delete-limit-set';
import { caller, checkIfMatch } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { qualityRoutes } from '#lib/model/routes/quality';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function deleteLimitSet({ params, headers, principal }: HttpRequest<{ id: string }>) {
  const limitSet = await deleteLimitSetUseCase(caller(principal), params.id, (current) => checkIfMatch(headers['if-match'], current));
  return { status: 204, audit: { resourceId: limitSet.id, before: limitSet } };
}

export const handler = httpRoute(findRoute(qualityRoutes, 'deleteLimitSet'), deleteLimitSet);
