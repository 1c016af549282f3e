import { createSensor as saveSensor, releaseSensor, setDeviceCertificate } from '#adapters/dynamodb/sensors-repository';
import { getSite } from '#adapters/dynamodb/sites-repository';
import { provisionDevice, revokeDevice } from '#adapters/iot/device-registry';
import { newSensor, type NewSensor } from '#domain/sensors';
import { findRoute } from '#lib/model/find-route';
import { sensorsRoutes } from '#lib/model/routes/sensors';
import { ValidationFailed } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

/**
 * Steps: read the site (the sensor takes its client); claim the sensor id globally and
 * store the sensor (409 if the code is taken, in any tenant); only then provision the
 * device, so a code owned elsewhere never gets a certificate; record the certificate id;
 * answer the credentials once. A failed provisioning revokes what was provisioned and
 * releases the id again.
 */
export async function createSensor({ body, principal }: HttpRequest<unknown, unknown, NewSensor>) {
  const { tenantId } = caller(principal);
  const site = await getSite(tenantId, body.siteId);
  if (!site) throw new ValidationFailed('The site does not exist', [{ path: 'body.siteId', message: `no site ${body.siteId}` }]);
  const sensor = newSensor(body, site.clientId, new Date().toISOString());
  await saveSensor(tenantId, sensor);
  let device: Awaited<ReturnType<typeof provisionDevice>> | undefined;
  try {
    device = await provisionDevice(sensor.id);
    await setDeviceCertificate(tenantId, sensor.id, device.certificateId);
  } catch (error) {
    // Undo what was done (best effort: the original error is the one answered).
    if (device) await revokeDevice(sensor.id, device.certificateId).catch(() => undefined);
    await releaseSensor(tenantId, sensor.id).catch(() => undefined);
    throw error;
  }
  const mqtt = {
    url: device.url,
    clientId: device.clientId,
    topic: device.topic,
    certificatePem: device.certificatePem,
    privateKey: device.privateKey,
    caCertificatePem: device.caCertificatePem,
  };
  // The audit trail records the sensor, never the credentials.
  const answer = { ...sensor, mqtt };
  return { ...resourceResult(answer, 201, { Location: `/v1/sensors/${sensor.id}` }), audit: { resourceId: sensor.id, after: sensor } };
}

export const handler = httpRoute(findRoute(sensorsRoutes, 'createSensor'), createSensor);
