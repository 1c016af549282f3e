import { getSamplingPoint as getSamplingPointUseCase } from '#application/quality/get-sampling-point';
import { caller, resourceResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { qualityRoutes } from '#lib/model/routes/quality';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function getSamplingPoint({ params, principal }: HttpRequest<{ id: string }>) {
  return resourceResult(await getSamplingPointUseCase(caller(principal), params.id));
}

export const handler = httpRoute(findRoute(qualityRoutes, 'getSamplingPoint'), getSamplingPoint);
