/**
 * What the prediction and training use cases share: a sampling point's four sensors and
 * their hourly means as contiguous hours.
 */
import { getSensor, sensorsOfSite } from '#adapters/dynamodb/sensors-repository';
import { getSite } from '#adapters/dynamodb/sites-repository';
import { hourlyMeans } from '#adapters/telemetry/hourly-means';
import { refuseMissingQualitySensors } from '#application/refusals';
import { foundOrNotFound } from '#application/visible';
import { alignHours, type QualityHour } from '#domain/water-quality/features';
import { qualitySensorsOf, QUALITY_KINDS, type QualitySensors } from '#domain/water-quality/sampling-point';

/** The four sensors of a site (NotFound for an unknown site, 422 when a kind is missing). */
export async function sensorsOfSamplingPoint(tenantId: string, siteId: string): Promise<QualitySensors> {
  foundOrNotFound(await getSite(tenantId, siteId), 'Site', siteId);
  const chosen = qualitySensorsOf(await sensorsOfSite(tenantId, siteId));
  if (!chosen.ok) return refuseMissingQualitySensors(chosen.missing, `Site ${siteId}`);
  return chosen.sensors;
}

/** Four named sensors, one of each kind (NotFound for an unknown one, 422 when a kind is missing). */
export async function namedQualitySensors(tenantId: string, ids: readonly string[]): Promise<QualitySensors> {
  const found = (await Promise.all(ids.map((id) => getSensor(tenantId, id)))).map((s, i) => foundOrNotFound(s, 'Sensor', ids[i]!));
  const chosen = qualitySensorsOf(found);
  if (!chosen.ok) return refuseMissingQualitySensors(chosen.missing, 'The sensors named');
  return chosen.sensors;
}

/** The contiguous hours `[from, to)` of a sampling point from its sensors' hourly means (UTC hours). */
export async function readQualityHours(tenantId: string, sensors: QualitySensors, from: number, to: number): Promise<QualityHour[]> {
  const [chlorine, turbidity, temperature, ph] = await Promise.all(QUALITY_KINDS.map((k) => hourlyMeans(tenantId, sensors[k], from, to, 'UTC')));
  return alignHours(from, to, { chlorine: chlorine!.samples, turbidity: turbidity!.samples, temperature: temperature!.samples, ph: ph!.samples });
}
