import { getSamplingPoint } from '#adapters/dynamodb/sampling-points-repository';
import { refuseLaxerLimits } from '#application/refusals';
import type { Principal } from '#domain/principal';
import { laxerThanRegulation, type LimitInput, canonicalLimits } from '#domain/quality/limit-sets';
import type { SamplingPointKind } from '#domain/quality/catalogue';
import { canSeeSamplingPoint } from '#domain/quality/sampling-points';
import { ValidationFailed } from '#platform/errors';

/**
 * The kind of point a set scoped to `samplingPointId` applies at (undefined: a site-wide
 * set): the point must exist, be visible to the caller and be a point of `siteId` (400 on
 * `body.samplingPointId` otherwise).
 */
export async function scopeKind(who: Principal, siteId: string, samplingPointId: string | null | undefined): Promise<SamplingPointKind | undefined> {
  if (!samplingPointId) return undefined;
  const point = await getSamplingPoint(who.tenantId, samplingPointId);
  if (!point || !canSeeSamplingPoint(who, point) || point.siteId !== siteId) {
    throw new ValidationFailed('The sampling point is not a point of the site', [{ path: 'body.samplingPointId', message: `no sampling point ${samplingPointId} at site ${siteId}` }]);
  }
  return point.kind;
}

/** The check create and update share: limits at least as strict as the regulation in force today for the scope (422 LIMIT_NOT_STRICTER). */
export function checkStricter(limits: readonly LimitInput[], kind: SamplingPointKind | undefined, now: Date): void {
  const issues = laxerThanRegulation(canonicalLimits(limits), now.toISOString().slice(0, 10), kind);
  if (issues.length > 0) refuseLaxerLimits(issues);
}
