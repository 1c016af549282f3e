import { deleteSamplingPoint as deleteSamplingPointUseCase } from '#application/quality/delete-sampling-point';
import { caller, checkIfMatch } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { qualityRoutes } from '#lib/model/routes/quality';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function deleteSamplingPoint({ params, headers, principal }: HttpRequest<{ id: string }>) {
  const samplingPoint = await deleteSamplingPointUseCase(caller(principal), params.id, (current) => checkIfMatch(headers['if-match'], current));
  return { status: 204, audit: { resourceId: samplingPoint.id, before: samplingPoint } };
}

export const handler = httpRoute(findRoute(qualityRoutes, 'deleteSamplingPoint'), deleteSamplingPoint);
