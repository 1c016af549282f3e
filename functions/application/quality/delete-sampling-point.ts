import { deleteSamplingPoint as removePoint } from '#adapters/dynamodb/sampling-points-repository';
import type { Principal } from '#domain/principal';
import type { SamplingPoint } from '#domain/quality/sampling-points';
import type { VersionCheck } from '../visible';
import { getSamplingPoint } from './get-sampling-point';

/**
 * Deletes a sampling point. Steps:
 *   1. load the point visible to the caller (NotFound);
 *   2. check the caller's precondition on the version read (412);
 *   3. delete it conditioned on that version (409 when it changed meanwhile).
 * Its lab results and exceedances stay: they are the site's record.
 */
export async function deleteSamplingPoint(who: Principal, id: string, checkVersion: VersionCheck): Promise<SamplingPoint> {
  const point = await getSamplingPoint(who, id);
  checkVersion(point);
  await removePoint(who.tenantId, point.id, point.version);
  return point;
}
