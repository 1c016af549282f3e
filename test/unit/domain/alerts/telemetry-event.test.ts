import { describe, expect, it } from 'vitest';
import { plausibleReadings, readingsOf, receivedAtOf, TelemetryEvent } from '#domain/alerts/telemetry-event';

const T = Date.UTC(2026, 10, 21, 9, 0, 0);

describe('telemetry-events messages', () => {
  it('accepts one reading or a readings array, with ISO or epoch timestamps, and ignores unknown fields', () => {
    const one = TelemetryEvent.parse({ sensorId: 'PH_001', ts: '2026-11-21T10:00:00+01:00', value: 7.1, topic: 'x' });
    expect(readingsOf(one)).toEqual({ readings: [{ ts: T, value: 7.1, quality: 'GOOD' }], malformed: 0 });
    const many = TelemetryEvent.parse({ sensorId: 'PH_001', readings: [{ ts: T, value: 7, quality: 'BAD' }, { ts: String(T + 1000), value: 7.2 }] });
    expect(readingsOf(many).readings.map((r) => [r.ts, r.quality])).toEqual([
      [T, 'BAD'],
      [T + 1000, 'GOOD'],
    ]);
  });

  it('refuses a message without a valid sensor id or without any reading', () => {
    expect(TelemetryEvent.safeParse({ ts: T, value: 1 }).success).toBe(false);
    expect(TelemetryEvent.safeParse({ sensorId: 'ph-001', ts: T, value: 1 }).success).toBe(false);
    expect(TelemetryEvent.safeParse({ sensorId: 'PH_001' }).success).toBe(false);
    expect(TelemetryEvent.safeParse({ sensorId: 'PH_001', tenantId: 'ignored', readings: [] }).success).toBe(true);
  });

  it('counts malformed readings instead of evaluating them', () => {
    const m = TelemetryEvent.parse({
      sensorId: 'PH_001',
      readings: [{ ts: 'yesterday', value: 1 }, { ts: T, value: '7' }, { ts: T, value: 7, quality: 'MEH' }, { ts: T, value: 7.3 }],
    });
    expect(readingsOf(m)).toEqual({ readings: [{ ts: T, value: 7.3, quality: 'GOOD' }], malformed: 3 });
  });

  it('keeps only plausible readings: within the physical range of the kind, not from the future', () => {
    const r = (ts: number, value: number) => ({ ts, value, quality: 'GOOD' as const });
    expect(plausibleReadings([r(T, 7), r(T, 15), r(T, -1), r(T + 4 * 60_000, 8), r(T + 6 * 60_000, 8)], 'ph', T)).toEqual([r(T, 7), r(T + 4 * 60_000, 8)]);
  });

  it('dates reception from receivedAt (IoT rule), else the queue send time, else now', () => {
    expect(receivedAtOf(TelemetryEvent.parse({ sensorId: 'PH_001', ts: T, value: 1, receivedAt: T + 5 }), T + 9, T + 99)).toBe(T + 5);
    expect(receivedAtOf(TelemetryEvent.parse({ sensorId: 'PH_001', ts: T, value: 1 }), T + 9, T + 99)).toBe(T + 9);
    expect(receivedAtOf(TelemetryEvent.parse({ sensorId: 'PH_001', ts: T, value: 1 }), undefined, T + 99)).toBe(T + 99);
  });
});
