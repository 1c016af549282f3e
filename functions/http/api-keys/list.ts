import type * as z from 'zod';
import { listApiKeys as listApiKeysCase } from '#application/api-keys/list-api-keys';
import { findRoute } from '#lib/model/find-route';
import { apiKeysRoutes } from '#lib/model/routes/api-keys';
import type { ListApiKeysQuery } from '#lib/model/schemas/api-keys';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

/** GET /v1/api-keys: a page of the tenant's keys. */
export async function listApiKeys({ query, principal }: HttpRequest<unknown, z.infer<typeof ListApiKeysQuery>>) {
  return pageResult(await listApiKeysCase(caller(principal).tenantId, query));
}

export const handler = httpRoute(findRoute(apiKeysRoutes, 'listApiKeys'), listApiKeys);
