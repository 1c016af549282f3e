import type * as z from 'zod';
import { createLimitSet as createLimitSetUseCase } from '#application/quality/create-limit-set';
import { caller, resourceResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { qualityRoutes } from '#lib/model/routes/quality';
import type { CreateLimitSetBody } from '#lib/model/schemas/quality';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function createLimitSet({ body, principal }: HttpRequest<unknown, unknown, z.infer<typeof CreateLimitSetBody>>) {
  const limitSet = await createLimitSetUseCase(caller(principal), body, new Date());
  return resourceResult(limitSet, 201, { Location: `/v1/quality/limit-sets/${limitSet.id}` });
}

export const handler = httpRoute(findRoute(qualityRoutes, 'createLimitSet'), createLimitSet);
