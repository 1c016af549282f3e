import { listAlerts as queryAlerts } from '#adapters/dynamodb/alerts-repository';
import { confinedClientId } from '#domain/principal';
import { findRoute } from '#lib/model/find-route';
import { alertsRoutes } from '#lib/model/routes/alerts';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

type Query = { limit: number; cursor?: string; status?: string; severity?: string; siteId?: string; sensorId?: string };

/** Client users get their client's alerts only. */
export async function listAlerts({ query, principal }: HttpRequest<unknown, Query>) {
  const who = caller(principal);
  return pageResult(await queryAlerts(who.tenantId, { ...query, clientId: confinedClientId(who) }));
}

export const handler = httpRoute(findRoute(alertsRoutes, 'listAlerts'), listAlerts);
