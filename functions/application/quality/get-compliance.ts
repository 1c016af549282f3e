import type { Principal } from '#domain/principal';
import { siteCompliance, type SiteCompliance } from './site-compliance';

const DAY = 86_400_000;

/**
 * A site's compliance per parameter over `[from, to)`. Steps:
 *   1. `to` defaults to now and `from` to 30 days before it;
 *   2. compute it (`siteCompliance`: the site visible to the caller, the range at most 366 days).
 */
export function getCompliance(who: Principal, query: { siteId: string; from?: number; to?: number }, now: Date): Promise<SiteCompliance> {
  const to = query.to ?? now.getTime();
  return siteCompliance(who, query.siteId, query.from ?? to - 30 * DAY, to, now);
}
