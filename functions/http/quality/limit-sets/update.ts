import type * as z from 'zod';
import { updateLimitSet as updateLimitSetUseCase } from '#application/quality/update-limit-set';
import { caller, checkIfMatch, resourceResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { qualityRoutes } from '#lib/model/routes/quality';
import type { UpdateLimitSetBody } from '#lib/model/schemas/quality';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function updateLimitSet({ params, body, headers, principal }: HttpRequest<{ id: string }, unknown, z.infer<typeof UpdateLimitSetBody>>) {
  const { before, after } = await updateLimitSetUseCase(caller(principal), params.id, body, (current) => checkIfMatch(headers['if-match'], current), new Date());
  return { ...resourceResult(after), audit: { before, after } };
}

export const handler = httpRoute(findRoute(qualityRoutes, 'updateLimitSet'), updateLimitSet);
