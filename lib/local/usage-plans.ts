/**
 * API keys and usage plans as API Gateway enforces them: a key must exist and be
 * enabled; each key has a token bucket (rate per second, burst) and a quota per
 * day or month.
 */
export interface UsagePlan {
  readonly id: string;
  readonly name: string;
  readonly rateLimit: number;
  readonly burstLimit: number;
  readonly quota?: { readonly limit: number; readonly period: 'DAY' | 'MONTH' };
}

export interface ApiKeyRecord {
  readonly id: string;
  readonly value: string;
  readonly name: string;
  readonly planId: string;
  enabled: boolean;
}

export type KeyDecision =
  | { readonly ok: true; readonly key: ApiKeyRecord }
  | { readonly ok: false; readonly reason: 'invalid' | 'throttled' | 'quota'; readonly retryAfterSeconds?: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

function periodStart(period: 'DAY' | 'MONTH', now: number): number {
  const d = new Date(now);
  return period === 'DAY' ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) : Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

export class UsagePlans {
  private readonly plans = new Map<string, UsagePlan>();
  private readonly keysByValue = new Map<string, ApiKeyRecord>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly used = new Map<string, { period: number; count: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  addPlan(plan: UsagePlan): void {
    this.plans.set(plan.id, plan);
  }

  addKey(key: ApiKeyRecord): void {
    if (!this.plans.has(key.planId)) throw new Error(`Unknown usage plan ${key.planId}`);
    this.keysByValue.set(key.value, key);
  }

  /** Checks a key and, when it passes, counts the request against its plan. */
  admit(value: string | undefined): KeyDecision {
    const key = value ? this.keysByValue.get(value) : undefined;
    if (!key || !key.enabled) return { ok: false, reason: 'invalid' };
    const plan = this.plans.get(key.planId) as UsagePlan;
    const now = this.now();
    const bucket = this.buckets.get(key.id) ?? { tokens: plan.burstLimit, updatedAt: now };
    bucket.tokens = Math.min(plan.burstLimit, bucket.tokens + ((now - bucket.updatedAt) / 1000) * plan.rateLimit);
    bucket.updatedAt = now;
    this.buckets.set(key.id, bucket);
    if (bucket.tokens < 1) return { ok: false, reason: 'throttled', retryAfterSeconds: Math.ceil((1 - bucket.tokens) / plan.rateLimit) };
    if (plan.quota) {
      const start = periodStart(plan.quota.period, now);
      const usage = this.used.get(key.id);
      const count = usage && usage.period === start ? usage.count : 0;
      if (count >= plan.quota.limit) return { ok: false, reason: 'quota' };
      this.used.set(key.id, { period: start, count: count + 1 });
    }
    bucket.tokens -= 1;
    return { ok: true, key };
  }
}
