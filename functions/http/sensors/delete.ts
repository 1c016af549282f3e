import { deleteSensor as removeSensor, getStoredSensor } from '#adapters/dynamodb/sensors-repository';
import { revokeDevice } from '#adapters/iot/device-registry';
import { findRoute } from '#lib/model/find-route';
import { sensorsRoutes } from '#lib/model/routes/sensors';
import { NotFound } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch } from '#http-stack/resources';

/**
 * Steps: load the sensor; check If-Match; revoke its device certificate first (a device
 * that can still publish must not outlive its sensor); delete the sensor and release its
 * id. Its readings stay in the telemetry store (they expire with its retention).
 */
export async function deleteSensor({ params, headers, principal }: HttpRequest<{ id: string }>) {
  const { tenantId } = caller(principal);
  const stored = await getStoredSensor(tenantId, params.id);
  if (!stored) throw new NotFound('Sensor', params.id);
  checkIfMatch(headers['if-match'], stored.sensor);
  if (stored.certificateId) await revokeDevice(stored.sensor.id, stored.certificateId);
  await removeSensor(tenantId, stored.sensor);
  return { status: 204, audit: { resourceId: stored.sensor.id, before: stored.sensor } };
}

export const handler = httpRoute(findRoute(sensorsRoutes, 'deleteSensor'), deleteSensor);
