import type { UsagePlanDecl } from './types';

/**
 * API usage plans. API Gateway throttles (rate, burst) per plan; Hydrant's platform
 * counts the quota itself so that it can answer RateLimit headers and not count 304s.
 * The first plan is the default of keys that have no policy of their own.
 */
export const USAGE_PLANS: readonly UsagePlanDecl[] = [
  { id: 'standard', name: 'Standard', rateLimit: 50, burstLimit: 100, quota: { limit: 100_000, period: 'DAY' } },
  { id: 'partner', name: 'Partner', rateLimit: 200, burstLimit: 400, quota: { limit: 5_000_000, period: 'MONTH' } },
  { id: 'trial', name: 'Trial', rateLimit: 1, burstLimit: 2, quota: { limit: 1_000, period: 'DAY' } },
];

/**
 * A plan's limits in the words the README and `npm start` use, e.g.
 * `200 req/s, burst 400, 5,000,000 a month` (test/unit/readme.test.ts holds the README to it).
 */
export function describeUsagePlan(plan: UsagePlanDecl): string {
  return `${plan.rateLimit} req/s, burst ${plan.burstLimit}, ${plan.quota.limit.toLocaleString('en-US')} a ${plan.quota.period === 'DAY' ? 'day' : 'month'}`;
}
