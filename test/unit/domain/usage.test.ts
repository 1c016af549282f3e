import { describe, expect, it } from 'vitest';
import { quotaWindow, usageReport } from '#domain/usage';

const at = (iso: string) => Date.parse(iso);

describe('the quota window', () => {
  it('is the UTC day that holds the instant', () => {
    const { start, end } = quotaWindow('DAY', at('2026-11-21T23:59:59.999Z'));
    expect([new Date(start).toISOString(), new Date(end).toISOString()]).toEqual(['2026-11-21T00:00:00.000Z', '2026-11-22T00:00:00.000Z']);
  });

  it('is the UTC month that holds the instant, across a year end', () => {
    const { start, end } = quotaWindow('MONTH', at('2026-12-31T12:00:00.000Z'));
    expect([new Date(start).toISOString(), new Date(end).toISOString()]).toEqual(['2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
  });
});

describe('the usage report', () => {
  const plan = { id: 'standard', quota: { limit: 1000, period: 'DAY' as const } };
  const window = quotaWindow('DAY', at('2026-11-21T09:30:00.000Z'));

  it('reports the plan, the window, what was used and what is left', () => {
    expect(usageReport('key-1', plan, window, 250)).toEqual({
      apiKeyId: 'key-1',
      plan,
      period: { start: '2026-11-21T00:00:00.000Z', end: '2026-11-22T00:00:00.000Z' },
      used: 250,
      remaining: 750,
    });
  });

  it('never reports less than nothing left', () => {
    expect(usageReport('key-1', plan, window, 1200).remaining).toBe(0);
  });
});
