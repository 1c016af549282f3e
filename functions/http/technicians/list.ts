import { listTechnicians as queryTechnicians } from '#adapters/dynamodb/technicians-repository';
import { findRoute } from '#lib/model/find-route';
import { techniciansRoutes } from '#lib/model/routes/technicians';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

export async function listTechnicians({ query, principal }: HttpRequest<unknown, { limit: number; cursor?: string; active?: boolean; skill?: string }>) {
  return pageResult(await queryTechnicians(caller(principal).tenantId, query));
}

export const handler = httpRoute(findRoute(techniciansRoutes, 'listTechnicians'), listTechnicians);
