import type { z } from 'zod';
import { listTechnicians as list } from '#application/technicians/list-technicians';
import { caller, pageResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { techniciansRoutes } from '#lib/model/routes/technicians';
import type { ListTechniciansQuery } from '#lib/model/schemas/technicians';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function listTechnicians({ query, principal }: HttpRequest<unknown, z.infer<typeof ListTechniciansQuery>>) {
  return pageResult(await list(caller(principal), query));
}

export const handler = httpRoute(findRoute(techniciansRoutes, 'listTechnicians'), listTechnicians);
