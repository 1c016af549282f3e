import type { z } from 'zod';
import { getTechnician as read } from '#application/technicians/get-technician';
import { caller, resourceResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { techniciansRoutes } from '#lib/model/routes/technicians';
import type { IdParams } from '#lib/model/schemas/common';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function getTechnician({ params, principal }: HttpRequest<z.infer<typeof IdParams>>) {
  return resourceResult(await read(caller(principal), params.id));
}

export const handler = httpRoute(findRoute(techniciansRoutes, 'getTechnician'), getTechnician);
