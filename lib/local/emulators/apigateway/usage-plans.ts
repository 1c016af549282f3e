/**
 * API keys and usage plans as API Gateway enforces them: a key must exist, be
 * enabled and belong to a usage plan; each key has a token bucket (rate per second,
 * burst) and a quota per day or month. Requests admitted are counted per key per UTC
 * day, which the local API Gateway control plane answers GetUsage from.
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
  name: string;
  /** The usage plan the key is in; a key in no plan is refused, as by API Gateway. */
  planId: string | undefined;
  enabled: boolean;
  /** Epoch milliseconds. @default when added */
  createdAt?: number;
  updatedAt?: number;
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
  private readonly keysById = new Map<string, ApiKeyRecord>();
  /** Admitted requests per key id, per UTC day (`YYYY-MM-DD`). */
  private readonly daily = new Map<string, Map<string, number>>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly used = new Map<string, { period: number; count: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  addPlan(plan: UsagePlan): void {
    this.plans.set(plan.id, plan);
  }

  plan(id: string): UsagePlan | undefined {
    return this.plans.get(id);
  }

  addKey(key: ApiKeyRecord): void {
    if (key.planId !== undefined && !this.plans.has(key.planId)) throw new Error(`Unknown usage plan ${key.planId}`);
    if (this.keysById.has(key.id)) throw new Error(`API key ${key.id} already exists`);
    if (this.keysByValue.has(key.value)) throw new Error('An API key with this value already exists');
    const now = this.now();
    key.createdAt ??= now;
    key.updatedAt ??= now;
    this.keysByValue.set(key.value, key);
    this.keysById.set(key.id, key);
  }

  key(id: string): ApiKeyRecord | undefined {
    return this.keysById.get(id);
  }

  keyByValue(value: string): ApiKeyRecord | undefined {
    return this.keysByValue.get(value);
  }

  /** Removes a key; its requests are refused from now on. Returns whether it existed. */
  removeKey(id: string): boolean {
    const key = this.keysById.get(id);
    if (!key) return false;
    this.keysById.delete(id);
    this.keysByValue.delete(key.value);
    this.buckets.delete(id);
    this.used.delete(id);
    return true;
  }

  setEnabled(id: string, enabled: boolean): void {
    this.requireKey(id).enabled = enabled;
    this.touch(id);
  }

  rename(id: string, name: string): void {
    this.requireKey(id).name = name;
    this.touch(id);
  }

  /** Puts a key into a plan (API Gateway: CreateUsagePlanKey); a key is in at most one plan here. */
  attach(id: string, planId: string): void {
    if (!this.plans.has(planId)) throw new Error(`Unknown usage plan ${planId}`);
    this.requireKey(id).planId = planId;
    this.touch(id);
  }

  /** Takes a key out of its plan (DeleteUsagePlanKey); it is refused until attached again. */
  detach(id: string): void {
    this.requireKey(id).planId = undefined;
    this.touch(id);
  }

  keysOfPlan(planId: string): ApiKeyRecord[] {
    return [...this.keysById.values()].filter((k) => k.planId === planId);
  }

  /** Requests admitted for the key on a UTC day (`YYYY-MM-DD`). */
  usageOn(id: string, day: string): number {
    return this.daily.get(id)?.get(day) ?? 0;
  }

  private requireKey(id: string): ApiKeyRecord {
    const key = this.keysById.get(id);
    if (!key) throw new Error(`Unknown API key ${id}`);
    return key;
  }

  private touch(id: string): void {
    (this.keysById.get(id) as ApiKeyRecord).updatedAt = this.now();
  }

  private countDay(id: string, now: number): void {
    const day = new Date(now).toISOString().slice(0, 10);
    let days = this.daily.get(id);
    if (!days) this.daily.set(id, (days = new Map()));
    days.set(day, (days.get(day) ?? 0) + 1);
  }

  /** Checks a key and, when it passes, counts the request against its plan. */
  admit(value: string | undefined): KeyDecision {
    const key = value ? this.keysByValue.get(value) : undefined;
    if (!key || !key.enabled || key.planId === undefined) return { ok: false, reason: 'invalid' };
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
    this.countDay(key.id, now);
    return { ok: true, key };
  }
}
