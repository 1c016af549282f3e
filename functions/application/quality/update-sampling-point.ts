import { putSamplingPointVersion } from '#adapters/dynamodb/sampling-points-repository';
import type { Principal } from '#domain/principal';
import { applySamplingPointPatch, type SamplingPoint, type SamplingPointPatch } from '#domain/quality/sampling-points';
import type { Change, VersionCheck } from '../visible';
import { getSamplingPoint } from './get-sampling-point';
import { checkPointSensors } from './sampling-point-sensors';

/**
 * Changes a sampling point (name, kind, sensors; its site stays). Steps:
 *   1. load the point visible to the caller (NotFound);
 *   2. check the caller's precondition on the version read (412);
 *   3. apply the patch; when it names sensors, check they are of the point's site (422);
 *   4. save it conditioned on the version read (409 when it changed meanwhile).
 */
export async function updateSamplingPoint(who: Principal, id: string, patch: SamplingPointPatch, checkVersion: VersionCheck, now: Date): Promise<Change<SamplingPoint>> {
  const point = await getSamplingPoint(who, id);
  checkVersion(point);
  const updated = applySamplingPointPatch(point, patch, now.toISOString());
  if (patch.sensorIds) await checkPointSensors(who.tenantId, updated);
  await putSamplingPointVersion(who.tenantId, updated, point.version);
  return { before: point, after: updated };
}
