import type * as z from 'zod';
import { listAlerts as listAlertsUseCase } from '#application/alerts/list-alerts';
import { findRoute } from '#lib/model/find-route';
import { alertsRoutes } from '#lib/model/routes/alerts';
import type { ListAlertsQuery } from '#lib/model/schemas/alerts';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

/** Client users get their client's alerts only. */
export async function listAlerts({ query, principal }: HttpRequest<unknown, z.infer<typeof ListAlertsQuery>>) {
  return pageResult(await listAlertsUseCase(caller(principal), query));
}

export const handler = httpRoute(findRoute(alertsRoutes, 'listAlerts'), listAlerts);
