import { getSamplingPoint as loadPoint } from '#adapters/dynamodb/sampling-points-repository';
import type { Principal } from '#domain/principal';
import { canSeeSamplingPoint, type SamplingPoint } from '#domain/quality/sampling-points';
import { visibleOrNotFound } from '../visible';

/**
 * Reads a sampling point. Steps:
 *   1. load it;
 *   2. answer it if the caller may see it (another client's is NotFound).
 */
export async function getSamplingPoint(who: Principal, id: string): Promise<SamplingPoint> {
  return visibleOrNotFound(await loadPoint(who.tenantId, id), (p) => canSeeSamplingPoint(who, p), 'SamplingPoint', id);
}
