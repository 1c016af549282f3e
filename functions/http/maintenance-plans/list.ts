import type { z } from 'zod';
import { listMaintenancePlans as list } from '#application/maintenance-plans/list-maintenance-plans';
import { caller, pageResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { maintenancePlansRoutes } from '#lib/model/routes/maintenance-plans';
import type { IdParams } from '#lib/model/schemas/common';
import type { ListMaintenancePlansQuery } from '#lib/model/schemas/maintenance-plans';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function listMaintenancePlans({ params, query, principal }: HttpRequest<z.infer<typeof IdParams>, z.infer<typeof ListMaintenancePlansQuery>>) {
  return pageResult(await list(caller(principal), params.id, query));
}

export const handler = httpRoute(findRoute(maintenancePlansRoutes, 'listMaintenancePlans'), listMaintenancePlans);
