import type * as z from 'zod';
import { updateSamplingPoint as updateSamplingPointUseCase } from '#application/quality/update-sampling-point';
import { caller, checkIfMatch, resourceResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { qualityRoutes } from '#lib/model/routes/quality';
import type { UpdateSamplingPointBody } from '#lib/model/schemas/quality';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function updateSamplingPoint({ params, body, headers, principal }: HttpRequest<{ id: string }, unknown, z.infer<typeof UpdateSamplingPointBody>>) {
  const { before, after } = await updateSamplingPointUseCase(caller(principal), params.id, body, (current) => checkIfMatch(headers['if-match'], current), new Date());
  return { ...resourceResult(after), audit: { before, after } };
}

export const handler = httpRoute(findRoute(qualityRoutes, 'updateSamplingPoint'), updateSamplingPoint);
