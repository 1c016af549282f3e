import { listSensors as querySensors, type SensorQuery } from '#adapters/dynamodb/sensors-repository';
import { confinedClientId } from '#domain/principal';
import { findRoute } from '#lib/model/find-route';
import { sensorsRoutes } from '#lib/model/routes/sensors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

/** Client users are confined to their client's sensors, whichever filters they pass. */
export async function listSensors({ query, principal }: HttpRequest<unknown, Omit<SensorQuery, 'clientId'>>) {
  const who = caller(principal);
  return pageResult(await querySensors(who.tenantId, { ...query, clientId: confinedClientId(who) }));
}

export const handler = httpRoute(findRoute(sensorsRoutes, 'listSensors'), listSensors);
