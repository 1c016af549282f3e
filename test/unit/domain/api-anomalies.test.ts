import { describe, expect, it } from 'vitest';
import { detectAnomalies, hourOf, THRESHOLDS, type KeyHourStats } from '#domain/api-anomalies';

const hour = (calls: number, extra: Partial<KeyHourStats> = {}): KeyHourStats => ({ hour: '2026-11-21T10', calls, clientErrors: 0, notFoundIds: 0, userAgents: 1, ...extra });
const day = (calls: number) => Array.from({ length: 24 }, () => hour(calls));

describe('detectAnomalies', () => {
  it('flags nothing for a key behaving as usual', () => {
    expect(detectAnomalies(hour(120, { clientErrors: 10 }), day(100))).toEqual([]);
  });

  it('flags a majority of 4xx answers, but not on a handful of calls', () => {
    expect(detectAnomalies(hour(40, { clientErrors: 21 }), day(40)).map((a) => a.kind)).toEqual(['mostly-client-errors']);
    expect(detectAnomalies(hour(THRESHOLDS.minCalls - 1, { clientErrors: THRESHOLDS.minCalls - 1 }), day(40))).toEqual([]);
  });

  it('flags a spike against the key’s own hourly average', () => {
    expect(detectAnomalies(hour(600), day(100)).map((a) => a.kind)).toEqual(['rate-spike']);
    expect(detectAnomalies(hour(450), day(100))).toEqual([]);
    expect(detectAnomalies(hour(150), []).map((a) => a.kind)).toEqual(['rate-spike']);
  });

  it('flags scanning and many user agents', () => {
    const kinds = detectAnomalies(hour(50, { notFoundIds: 25, userAgents: 12 }), day(50)).map((a) => a.kind);
    expect(kinds).toEqual(['scanning', 'many-user-agents']);
  });

  it('names hours in UTC', () => {
    expect(hourOf(Date.parse('2026-11-21T10:59:59+01:00'))).toBe('2026-11-21T09');
  });
});
