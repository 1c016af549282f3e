import type * as z from 'zod';
import { createSamplingPoint as createSamplingPointUseCase } from '#application/quality/create-sampling-point';
import { caller, resourceResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { qualityRoutes } from '#lib/model/routes/quality';
import type { CreateSamplingPointBody } from '#lib/model/schemas/quality';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function createSamplingPoint({ body, principal }: HttpRequest<unknown, unknown, z.infer<typeof CreateSamplingPointBody>>) {
  const samplingPoint = await createSamplingPointUseCase(caller(principal), body, new Date());
  return resourceResult(samplingPoint, 201, { Location: `/v1/quality/sampling-points/${samplingPoint.id}` });
}

export const handler = httpRoute(findRoute(qualityRoutes, 'createSamplingPoint'), createSamplingPoint);
