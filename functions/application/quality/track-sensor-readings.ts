/**
 * Continuous readings against the water-quality limits: the alert evaluator's second step
 * for each telemetry event, so readings meet one mechanism (the evaluator's queue, in order,
 * with its retries and DLQ) whether they are judged by a tenant's alert rules or by the
 * limits that apply where the sensor measures. Steps:
 *   1. the parameter the sensor's kind measures (pH, turbidity, free chlorine, conductivity,
 *      temperature); none (pressure, flow...): nothing to do;
 *   2. the sampling point the sensor measures at (a point of its site naming it); none:
 *      nothing to do (a sensor on raw water or inside the process is not judged by the
 *      drinking-water limits: naming it at a point says where its water is delivered);
 *   3. the limit that applies there today (`applicableLimit`: the regulation for the point's
 *      kind, then the tenant's sets of the point, else of the site);
 *   4. for each bound, advance the sensor's tracker with the usable readings (not BAD): an
 *      exceedance opens, worsens or closes, raising or clearing its alert (see advance-tracker).
 * Readings are in the kind's stored unit, which is the parameter's canonical unit.
 */
import { limitSetsOfSite } from '#adapters/dynamodb/limit-sets-repository';
import { samplingPointsOfSite } from '#adapters/dynamodb/sampling-points-repository';
import type { SensorDirectoryEntry } from '#adapters/dynamodb/sensors-repository';
import type { EventReading } from '#domain/alerts/telemetry-event';
import { parameterOfSensorKind } from '#domain/quality/catalogue';
import { applicableLimit, setOfBound } from '#domain/quality/limit-sets';
import { advanceTracker } from './advance-tracker';

export async function trackSensorReadings(sensor: SensorDirectoryEntry, readings: readonly EventReading[], now: Date): Promise<{ opened: number; closed: number }> {
  const parameter = parameterOfSensorKind(sensor.kind);
  const usable = readings.filter((r) => r.quality !== 'BAD');
  const outcome = { opened: 0, closed: 0 };
  if (!parameter || usable.length === 0) return outcome;
  const point = (await samplingPointsOfSite(sensor.tenantId, sensor.siteId)).find((p) => p.sensorIds.includes(sensor.sensorId));
  if (!point) return outcome;
  const sets = await limitSetsOfSite(sensor.tenantId, sensor.siteId);
  const limit = applicableLimit(parameter.code, { siteId: sensor.siteId, samplingPointId: point.id, kind: point.kind }, sets, now.toISOString().slice(0, 10));
  if (!limit) return outcome;
  const subject = { origin: 'continuous' as const, siteId: sensor.siteId, clientId: sensor.clientId, samplingPointId: point.id, sensorId: sensor.sensorId, parameter: parameter.code, unit: parameter.unit };
  for (const bound of ['min', 'max'] as const) {
    const applied = limit[bound];
    if (!applied) continue;
    const set = setOfBound(applied, sets);
    const step = await advanceTracker(
      sensor.tenantId,
      {
        stream: `SENSOR#${sensor.sensorId}`,
        subject,
        bound,
        limit: applied,
        observations: usable,
        alerting: { sensor: { sensorId: sensor.sensorId, siteId: sensor.siteId, kind: sensor.kind, clientId: sensor.clientId }, severity: set?.severity ?? 'major', openWorkOrder: set?.openWorkOrder ?? false },
      },
      now,
    );
    outcome.opened += step.opened;
    outcome.closed += step.closed;
  }
  return outcome;
}
