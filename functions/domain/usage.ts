/**
 * An API key's use of its usage plan's quota: the window the quota counts in (a UTC day
 * or month) and what a key has used and has left in it. Pure: the counting itself is in
 * the control-table adapter.
 */

const DAY_MS = 86_400_000;

/** The UTC day or month that contains `now`. */
export function quotaWindow(period: 'DAY' | 'MONTH', now: number): { start: number; end: number } {
  const d = new Date(now);
  if (period === 'DAY') {
    const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    return { start, end: start + DAY_MS };
  }
  return { start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) };
}

/** A usage plan as far as its quota goes. */
export interface QuotaPlan {
  readonly quota: { readonly limit: number; readonly period: 'DAY' | 'MONTH' };
}

/** What a key has used of its plan's quota in the window, and what it has left (never below 0). */
export function usageReport<P extends QuotaPlan>(apiKeyId: string, plan: P, window: { start: number; end: number }, used: number) {
  return {
    apiKeyId,
    plan,
    period: { start: new Date(window.start).toISOString(), end: new Date(window.end).toISOString() },
    used,
    remaining: Math.max(0, plan.quota.limit - used),
  };
}
