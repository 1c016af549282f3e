/** The device simulator's signals: plausible ranges, daily cycles, anomalies the demo alert rules catch. */
import { describe, expect, it } from 'vitest';
import { AnomalySchedule, demand, readingOf } from '#lib/local/simulator/signals';
import { isWithinPhysicalRange } from '#domain/telemetry/sensor-kinds';
import { SENSOR_KINDS } from '#domain/telemetry/types';

/** A deterministic uniform source (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const at = (hour: number) => new Date(2026, 5, 15, Math.floor(hour), Math.round((hour % 1) * 60));
const day = Array.from({ length: 24 * 12 }, (_, i) => i / 12);

describe('simulated readings', () => {
  it('stay inside the physical range of every kind, anomalies included', () => {
    const random = seeded(1);
    for (const kind of SENSOR_KINDS) {
      for (const hour of day) {
        for (const anomaly of [false, true]) expect(isWithinPhysicalRange(kind, readingOf(kind, at(hour), random, anomaly).value), `${kind} ${hour}`).toBe(true);
      }
    }
  });

  it('pH ~7.2, chlorine 0.2-0.5 mg/L, pressure 3-5 bar when nothing is wrong', () => {
    const random = seeded(2);
    const values = (kind: (typeof SENSOR_KINDS)[number]) => day.map((h) => readingOf(kind, at(h), random).value);
    const ph = values('ph');
    expect(Math.min(...ph)).toBeGreaterThan(6.8);
    expect(Math.max(...ph)).toBeLessThan(7.6);
    expect(Math.abs(ph.reduce((a, b) => a + b) / ph.length - 7.2)).toBeLessThan(0.05);
    const chlorine = values('chlorine');
    expect(Math.min(...chlorine)).toBeGreaterThanOrEqual(0.2);
    expect(Math.max(...chlorine)).toBeLessThanOrEqual(0.5);
    const pressure = values('pressure');
    expect(Math.min(...pressure)).toBeGreaterThan(3);
    expect(Math.max(...pressure)).toBeLessThan(5);
  });

  it('flow peaks in the morning and the evening, and is lowest at night', () => {
    expect(demand(7.5)).toBeGreaterThan(0.8);
    expect(demand(19.5)).toBeGreaterThan(0.6);
    expect(demand(3)).toBeLessThan(0.2);
    const random = seeded(3);
    const flow = (h: number) => readingOf('flow', at(h), random).value;
    expect(flow(7.5)).toBeGreaterThan(3 * flow(3));
  });

  it('chlorine follows a daily cycle', () => {
    const random = seeded(4);
    expect(readingOf('chlorine', at(5), random).value - readingOf('chlorine', at(17), random).value).toBeGreaterThan(0.15);
  });

  it('anomalies cross the demo alert thresholds: pH above 8.5, pressure under 2 bar, chlorine above 1 mg/L', () => {
    const random = seeded(5);
    expect(readingOf('ph', at(10), random, true).value).toBeGreaterThan(8.5);
    expect(readingOf('pressure', at(10), random, true).value).toBeLessThan(2);
    expect(readingOf('chlorine', at(10), random, true).value).toBeGreaterThan(1);
  });
});

describe('anomaly schedule', () => {
  it('starts the first anomaly of a kind when it is due, lasts its duration, then recurs at random', () => {
    const start = 1_000_000;
    const schedule = new AnomalySchedule(seeded(6), start, { 'pressure-drop': 60 }, 25, 1);
    const activeAt = (s: number) => schedule.active('PRESS_001', 'pressure-drop', start + s * 1000, 5);
    expect(activeAt(55)).toBe(false);
    expect(activeAt(60)).toBe(true);
    expect(activeAt(80)).toBe(true);
    expect(activeAt(90)).toBe(false);
    let recurred = false;
    for (let s = 95; s < 1200 && !recurred; s += 5) recurred = activeAt(s);
    expect(recurred).toBe(true);
    expect(schedule.active('PH_001', undefined, start + 60_000, 5)).toBe(false);
  });
});
