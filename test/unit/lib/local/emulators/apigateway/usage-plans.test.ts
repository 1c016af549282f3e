/** API keys and usage plans with a fake clock: token-bucket throttling and quotas. */
import { describe, expect, it } from 'vitest';
import { UsagePlans, type ApiKeyRecord, type UsagePlan } from '#lib/local/emulators/apigateway/usage-plans';

function setup(plan: Partial<UsagePlan> = {}, start = Date.UTC(2026, 10, 21, 12, 0, 0)) {
  let now = start;
  const plans = new UsagePlans(() => now);
  plans.addPlan({ id: 'p1', name: 'basic', rateLimit: 2, burstLimit: 3, ...plan });
  const key: ApiKeyRecord = { id: 'k1', value: 'secret-1', name: 'key one', planId: 'p1', enabled: true };
  plans.addKey(key);
  return { plans, key, advance: (ms: number) => (now += ms), at: (t: number) => (now = t) };
}

const admitN = (plans: UsagePlans, n: number, value = 'secret-1') => Array.from({ length: n }, () => plans.admit(value));

describe('UsagePlans', () => {
  it('admits a valid key and returns its record', () => {
    const { plans, key } = setup();
    expect(plans.admit('secret-1')).toEqual({ ok: true, key });
  });

  it('refuses a missing, unknown or disabled key as invalid', () => {
    const { plans, key } = setup();
    expect(plans.admit(undefined)).toEqual({ ok: false, reason: 'invalid' });
    expect(plans.admit('')).toEqual({ ok: false, reason: 'invalid' });
    expect(plans.admit('k1')).toEqual({ ok: false, reason: 'invalid' }); // the id is not the key
    key.enabled = false;
    expect(plans.admit('secret-1')).toEqual({ ok: false, reason: 'invalid' });
    key.enabled = true;
    expect(plans.admit('secret-1').ok).toBe(true);
  });

  it('refuses a key for an unknown plan when it is added', () => {
    const { plans } = setup();
    expect(() => plans.addKey({ id: 'k2', value: 'v2', name: 'k2', planId: 'nope', enabled: true })).toThrow(/nope/);
  });

  it('admits a burst, then throttles with a Retry-After', () => {
    const { plans } = setup();
    expect(admitN(plans, 3).every((d) => d.ok)).toBe(true);
    expect(plans.admit('secret-1')).toEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 1 });
  });

  it('rounds Retry-After up to the time one token takes at the plan rate', () => {
    const { plans } = setup({ rateLimit: 0.25, burstLimit: 1 });
    expect(plans.admit('secret-1').ok).toBe(true);
    expect(plans.admit('secret-1')).toEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 4 });
  });

  it('refills at the plan rate', () => {
    const { plans, advance } = setup();
    admitN(plans, 3);
    advance(499);
    expect(plans.admit('secret-1')).toMatchObject({ ok: false, reason: 'throttled' });
    advance(1); // 500 ms at 2/s: one token
    expect(plans.admit('secret-1').ok).toBe(true);
    expect(plans.admit('secret-1')).toMatchObject({ ok: false, reason: 'throttled' });
  });

  it('never refills beyond the burst', () => {
    const { plans, advance } = setup();
    admitN(plans, 3);
    advance(60_000);
    expect(admitN(plans, 4).map((d) => d.ok)).toEqual([true, true, true, false]);
  });

  it('throttles each key on its own bucket', () => {
    const { plans } = setup();
    plans.addKey({ id: 'k2', value: 'secret-2', name: 'key two', planId: 'p1', enabled: true });
    admitN(plans, 3);
    expect(plans.admit('secret-1').ok).toBe(false);
    expect(plans.admit('secret-2').ok).toBe(true);
  });

  it('refuses with quota once the daily quota is used, until the next UTC day', () => {
    const { plans, advance, at } = setup({ rateLimit: 100, burstLimit: 100, quota: { limit: 3, period: 'DAY' } }, Date.UTC(2026, 10, 21, 23, 0));
    expect(admitN(plans, 3).every((d) => d.ok)).toBe(true);
    expect(plans.admit('secret-1')).toEqual({ ok: false, reason: 'quota' });
    advance(59 * 60_000);
    expect(plans.admit('secret-1')).toEqual({ ok: false, reason: 'quota' });
    at(Date.UTC(2026, 10, 22, 0, 0));
    expect(plans.admit('secret-1').ok).toBe(true);
  });

  it('does not count refused requests against the quota', () => {
    const { plans, advance } = setup({ rateLimit: 1, burstLimit: 1, quota: { limit: 2, period: 'DAY' } });
    expect(plans.admit('secret-1').ok).toBe(true);
    expect(plans.admit('secret-1')).toMatchObject({ reason: 'throttled' });
    advance(1000);
    expect(plans.admit('secret-1').ok).toBe(true);
    advance(1000);
    expect(plans.admit('secret-1')).toEqual({ ok: false, reason: 'quota' });
  });

  it('resets a monthly quota on the first of the month', () => {
    const { plans, at } = setup({ rateLimit: 100, burstLimit: 100, quota: { limit: 1, period: 'MONTH' } }, Date.UTC(2026, 10, 1, 0, 0));
    expect(plans.admit('secret-1').ok).toBe(true);
    at(Date.UTC(2026, 10, 30, 23, 59));
    expect(plans.admit('secret-1')).toEqual({ ok: false, reason: 'quota' });
    at(Date.UTC(2026, 11, 1, 0, 0));
    expect(plans.admit('secret-1').ok).toBe(true);
  });

  it('finds keys by id, refuses a key in no plan, and forgets a removed key', () => {
    const { plans } = setup();
    expect(plans.key('k1')?.value).toBe('secret-1');
    plans.detach('k1');
    expect(plans.admit('secret-1')).toEqual({ ok: false, reason: 'invalid' });
    plans.attach('k1', 'p1');
    expect(plans.keysOfPlan('p1').map((k) => k.id)).toEqual(['k1']);
    expect(plans.admit('secret-1').ok).toBe(true);
    expect(plans.removeKey('k1')).toBe(true);
    expect(plans.removeKey('k1')).toBe(false);
    expect(plans.admit('secret-1')).toEqual({ ok: false, reason: 'invalid' });
    expect(() => plans.addKey({ id: 'k3', value: 'secret-3', name: 'k3', planId: 'p1', enabled: true })).not.toThrow();
    expect(() => plans.addKey({ id: 'k4', value: 'secret-3', name: 'k4', planId: 'p1', enabled: true })).toThrow(/value/);
  });

  it('counts admitted requests per key per UTC day, not refused ones', () => {
    const { plans, at } = setup({ rateLimit: 100, burstLimit: 2 }, Date.UTC(2026, 10, 21, 23, 59, 59));
    admitN(plans, 3); // the third is throttled
    at(Date.UTC(2026, 10, 22, 0, 0, 30));
    admitN(plans, 1);
    expect(plans.usageOn('k1', '2026-11-21')).toBe(2);
    expect(plans.usageOn('k1', '2026-11-22')).toBe(1);
    expect(plans.usageOn('k1', '2026-11-20')).toBe(0);
  });
});
