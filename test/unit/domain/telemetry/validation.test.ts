/** Ingest validation: timestamps, physical ranges, per-index rejections with stable codes. */
import { describe, expect, it } from 'vitest';
import { PHYSICAL_RANGES, isWithinPhysicalRange } from '#domain/telemetry/sensor-kinds';
import { parseTimestamp } from '#domain/telemetry/timestamps';
import { SENSOR_KINDS } from '#domain/telemetry/types';
import { checkShape, uniqueReadings, validateReading, validateReadings, type SensorFacts } from '#domain/telemetry/validation';

const NOW = Date.parse('2026-11-21T12:00:00Z');
const sensors = new Map<string, SensorFacts>([
  ['PH_001', { kind: 'ph', unit: 'pH' }],
  ['TEMP_1', { kind: 'temperature' }],
  ['FLOW_1', { kind: 'flow', unit: 'm3/h' }],
]);

describe('parseTimestamp', () => {
  it('reads ISO 8601 with an offset and epoch milliseconds', () => {
    expect(parseTimestamp('2026-03-29T01:30:00Z')).toBe(Date.parse('2026-03-29T01:30:00Z'));
    expect(parseTimestamp('2026-03-29T03:30:00.250+02:00')).toBe(Date.parse('2026-03-29T01:30:00.250Z'));
    expect(parseTimestamp('2026-03-29T03:30:00.123456789+0200')).toBe(Date.parse('2026-03-29T01:30:00.123Z'));
    expect(parseTimestamp('2026-03-28T20:30-05:00')).toBe(Date.parse('2026-03-29T01:30:00Z'));
    expect(parseTimestamp(1_774_747_800_000)).toBe(1_774_747_800_000);
    expect(parseTimestamp('1774747800000')).toBe(1_774_747_800_000);
  });

  it('refuses what it would have to guess', () => {
    for (const bad of ['2026-03-29T01:30:00', '2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-03-29T24:00:00Z', 'yesterday', '', 1_774_747_800, 1.5e12 + 0.5, Number.NaN, null, undefined, {}]) {
      expect(parseTimestamp(bad)).toBeUndefined();
    }
  });
});

describe('physical ranges', () => {
  it('has a range for every kind, bounds included', () => {
    for (const kind of SENSOR_KINDS) expect(PHYSICAL_RANGES[kind].min).toBeLessThan(PHYSICAL_RANGES[kind].max);
    expect(isWithinPhysicalRange('ph', 0)).toBe(true);
    expect(isWithinPhysicalRange('ph', 14)).toBe(true);
    expect(isWithinPhysicalRange('ph', 14.01)).toBe(false);
    expect(isWithinPhysicalRange('temperature', -50)).toBe(true);
    expect(isWithinPhysicalRange('temperature', 100.5)).toBe(false);
    expect(isWithinPhysicalRange('turbidity', 4000)).toBe(true);
    expect(isWithinPhysicalRange('chlorine', 20.1)).toBe(false);
    expect(isWithinPhysicalRange('pressure', -0.1)).toBe(false);
    expect(isWithinPhysicalRange('flow', 1e7)).toBe(true);
    expect(isWithinPhysicalRange('acoustic', 201)).toBe(false);
    expect(isWithinPhysicalRange('conductivity', Number.POSITIVE_INFINITY)).toBe(false);
  });
});

describe('validateReading', () => {
  const ok = { sensorId: 'PH_001', ts: '2026-11-21T11:59:00Z', value: 7.2 };

  it('accepts a good reading, GOOD by default, ts in epoch ms', () => {
    expect(validateReading(ok, sensors.get('PH_001'), NOW)).toEqual({
      ok: true,
      reading: { sensorId: 'PH_001', ts: Date.parse('2026-11-21T11:59:00Z'), value: 7.2, quality: 'GOOD' },
    });
    expect(validateReading({ ...ok, quality: 'BAD', unit: 'pH', metadata: { battery: 0.2 } }, sensors.get('PH_001'), NOW)).toMatchObject({
      ok: true,
      reading: { quality: 'BAD', unit: 'pH', metadata: { battery: 0.2 } },
    });
  });

  it.each([
    ['an unknown sensor', { ...ok, sensorId: 'PH_404' }, undefined, 'UNKNOWN_SENSOR'],
    ['pH 15', { ...ok, value: 15 }, 'PH_001', 'OUT_OF_RANGE'],
    ['pH -0.1', { ...ok, value: -0.1 }, 'PH_001', 'OUT_OF_RANGE'],
    ['120 °C', { ...ok, sensorId: 'TEMP_1', value: 120 }, 'TEMP_1', 'OUT_OF_RANGE'],
    ['a unit other than the sensor', { ...ok, unit: 'mg/L' }, 'PH_001', 'UNIT_MISMATCH'],
    ['a reading 6 minutes ahead', { ...ok, ts: NOW + 6 * 60_000 }, 'PH_001', 'FUTURE_TIMESTAMP'],
    ['a bad sensor id', { ...ok, sensorId: 'ph-1' }, 'PH_001', 'INVALID_READING'],
    ['a string value', { ...ok, value: '7.2' }, 'PH_001', 'INVALID_READING'],
    ['Infinity', { ...ok, value: Number.POSITIVE_INFINITY }, 'PH_001', 'INVALID_READING'],
    ['an unknown quality', { ...ok, quality: 'OK' }, 'PH_001', 'INVALID_READING'],
    ['a local time without offset', { ...ok, ts: '2026-11-21T11:59:00' }, 'PH_001', 'INVALID_READING'],
    ['huge metadata', { ...ok, metadata: { blob: 'x'.repeat(2000) } }, 'PH_001', 'INVALID_READING'],
    ['array metadata', { ...ok, metadata: [1] }, 'PH_001', 'INVALID_READING'],
  ])('rejects %s', (_, input, sensorId, code) => {
    const verdict = validateReading(input, sensorId ? sensors.get(sensorId) : undefined, NOW);
    expect(verdict).toMatchObject({ ok: false, code, message: expect.any(String) });
  });

  it('allows 5 minutes of clock skew', () => {
    expect(validateReading({ ...ok, ts: NOW + 5 * 60_000 }, sensors.get('PH_001'), NOW).ok).toBe(true);
  });

  it('checkShape does not need the registry', () => {
    expect(checkShape({ sensorId: 'ANY_1', ts: NOW, value: 1e9 }).ok).toBe(true);
    expect(checkShape(null as never)).toMatchObject({ ok: false, code: 'INVALID_READING' });
  });
});

describe('validateReadings', () => {
  it('keeps good readings and rejects the others by index, duplicates included', () => {
    const result = validateReadings(
      [
        { sensorId: 'PH_001', ts: NOW - 60_000, value: 7 },
        { sensorId: 'PH_001', ts: NOW - 60_000, value: 7.5 },
        { sensorId: 'PH_001', ts: NOW - 120_000, value: 14.5 },
        { sensorId: 'NOPE_1', ts: NOW, value: 1 },
        { sensorId: 'FLOW_1', ts: new Date(NOW - 60_000).toISOString(), value: 12.5 },
        { sensorId: 'PH_001', ts: NOW + 3_600_000, value: 7 },
        { sensorId: 'TEMP_1', ts: NOW, value: 11, unit: '°C' },
      ],
      sensors,
      NOW,
    );
    expect(result.accepted.map((a) => a.index)).toEqual([0, 4, 6]);
    expect(result.accepted[1]?.reading).toEqual({ sensorId: 'FLOW_1', ts: NOW - 60_000, value: 12.5, quality: 'GOOD' });
    expect(result.rejected.map((r) => [r.index, r.code])).toEqual([
      [1, 'DUPLICATE'],
      [2, 'OUT_OF_RANGE'],
      [3, 'UNKNOWN_SENSOR'],
      [5, 'FUTURE_TIMESTAMP'],
    ]);
    expect(result.rejected[0]?.message).toBe('same sensor and timestamp as reading 0');
  });
});

describe('uniqueReadings', () => {
  it('keeps each reading once per sensor and timestamp: a same-value repeat counts as written, another value is a conflict', () => {
    const ts = '2026-11-21T11:00:00Z';
    const result = uniqueReadings([
      { sensorId: 'PH_001', ts, value: 7.2 },
      { sensorId: 'PH_001', ts, value: 7.2, quality: 'GOOD' },
      { sensorId: 'PH_001', ts, value: 7.5 },
      { sensorId: 'bad id', ts, value: 1 },
      { sensorId: 'TEMP_1', ts, value: 12 },
    ]);
    expect(result.entries.map((e) => [e.index, e.reading.sensorId])).toEqual([
      [0, 'PH_001'],
      [4, 'TEMP_1'],
    ]);
    expect(result.repeats).toBe(1);
    expect(result.rejected.map((r) => [r.index, r.code])).toEqual([
      [2, 'CONFLICTING_READING'],
      [3, 'INVALID_READING'],
    ]);
    expect(result.rejected[0]?.message).toBe('reading 0 of this batch has the same sensor and timestamp but another value');
  });
});
