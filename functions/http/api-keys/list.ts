import { listApiKeys as queryApiKeys } from '#adapters/dynamodb/api-keys-repository';
import { findRoute } from '#lib/model/find-route';
import { apiKeysRoutes } from '#lib/model/routes/api-keys';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

type Query = { limit: number; cursor?: string };

export async function listApiKeys({ query, principal }: HttpRequest<unknown, Query>) {
  return pageResult(await queryApiKeys(caller(principal).tenantId, query));
}

export const handler = httpRoute(findRoute(apiKeysRoutes, 'listApiKeys'), listApiKeys);
