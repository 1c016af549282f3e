import { createSensor as saveSensor, releaseSensor, setDeviceCertificate } from '#adapters/dynamodb/sensors-repository';
import { provisionDevice, revokeDevice, type DeviceCredentials } from '#adapters/iot/device-registry';
import { siteNamedInBody } from '#application/sites/site-named-in-body';
import type { Principal } from '#domain/principal';
import { newSensor, type NewSensor, type Sensor } from '#domain/sensors';

/** What a device needs to publish over MQTT; answered once, when its sensor is created. */
export type MqttCredentials = Pick<DeviceCredentials, 'url' | 'clientId' | 'topic' | 'certificatePem' | 'privateKey' | 'caCertificatePem'>;

/**
 * Creates a sensor and provisions its device. Steps:
 *   1. read the site it names (400 if none): the sensor takes its client;
 *   2. claim the sensor id globally and store the sensor (409 if the code is taken, in
 *      any tenant);
 *   3. only then provision the device, so a code owned elsewhere never gets a certificate;
 *   4. record the certificate id;
 *   5. return the sensor and its device's credentials.
 * A failed provisioning revokes what was provisioned and releases the id again (best
 * effort: the original error is the one thrown).
 */
export async function createSensor(who: Principal, fields: NewSensor): Promise<{ sensor: Sensor; mqtt: MqttCredentials }> {
  const site = await siteNamedInBody(who.tenantId, fields.siteId);
  const sensor = newSensor(fields, site.clientId, new Date().toISOString());
  await saveSensor(who.tenantId, sensor);
  let device: DeviceCredentials | undefined;
  try {
    device = await provisionDevice(sensor.id);
    await setDeviceCertificate(who.tenantId, sensor.id, device.certificateId);
  } catch (error) {
    if (device) await revokeDevice(sensor.id, device.certificateId).catch(() => undefined);
    await releaseSensor(who.tenantId, sensor.id).catch(() => undefined);
    throw error;
  }
  const { url, clientId, topic, certificatePem, privateKey, caCertificatePem } = device;
  return { sensor, mqtt: { url, clientId, topic, certificatePem, privateKey, caCertificatePem } };
}
