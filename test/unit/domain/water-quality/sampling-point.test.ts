import { describe, expect, it } from 'vitest';
import { alignHours, examplesOf, type QualityHour } from '#domain/water-quality/features';
import { endedTraining, queuedTraining } from '#domain/water-quality/registry';
import { explicitInputs, latestInputs, qualitySensorsOf } from '#domain/water-quality/sampling-point';

const HOUR = 3_600_000;
const t0 = Date.UTC(2026, 10, 21, 0);
const hour = (i: number, chlorine: number | null, turbidity = 0.2): QualityHour => ({ ts: t0 + i * HOUR, chlorine, turbidity, temperature: 15, ph: 7.4 });

describe('sampling point inputs', () => {
  it('chooses one sensor of each kind (the first by id) and names the kinds missing', () => {
    const sensors = [
      { id: 'CL_2', kind: 'chlorine' as const },
      { id: 'CL_1', kind: 'chlorine' as const },
      { id: 'TU_1', kind: 'turbidity' as const },
      { id: 'TE_1', kind: 'temperature' as const },
      { id: 'FLOW_1', kind: 'flow' as const },
    ];
    expect(qualitySensorsOf(sensors)).toEqual({ ok: false, missing: ['ph'] });
    expect(qualitySensorsOf([...sensors, { id: 'PH_1', kind: 'ph' }])).toEqual({ ok: true, sensors: { chlorine: 'CL_1', turbidity: 'TU_1', temperature: 'TE_1', ph: 'PH_1' } });
  });

  it('reads the newest complete hour with its 3-hour trends, skipping incomplete hours', () => {
    const hours = [hour(0, 0.5, 0.2), hour(1, 0.45), hour(2, 0.4), hour(3, 0.35, 0.8), hour(4, null)];
    expect(latestInputs(hours)).toEqual({ chlorine: 0.35, turbidity: 0.8, temperature: 15, ph: 7.4, chlorineTrend: expect.closeTo(-0.15, 12), turbidityTrend: expect.closeTo(0.6, 12), hourUtc: 3 });
    expect(latestInputs(hours.slice(1))).toBeUndefined();
  });

  it('takes explicit values with unknown trends at 0 and the hour of the reading', () => {
    expect(explicitInputs({ chlorine: 0.3, turbidity: 0.8, temperature: 18.5, ph: 7.2 }, new Date('2026-11-21T21:40:00Z'))).toEqual({ chlorine: 0.3, turbidity: 0.8, temperature: 18.5, ph: 7.2, chlorineTrend: 0, turbidityTrend: 0, hourUtc: 21 });
  });
});

describe('examples', () => {
  it('aligns hourly means on contiguous hours, missing hours null', () => {
    const hours = alignHours(t0, t0 + 3 * HOUR, { chlorine: [{ ts: t0, value: 0.4 }, { ts: t0 + 2 * HOUR, value: 0.3 }], turbidity: [], temperature: [], ph: [] });
    expect(hours.map((h) => h.chlorine)).toEqual([0.4, null, 0.3]);
    expect(hours.map((h) => h.ts)).toEqual([t0, t0 + HOUR, t0 + 2 * HOUR]);
  });

  it('labels an hour by the lowest chlorine of the next hours, and skips hours whose future is incomplete', () => {
    const hours = [0.5, 0.5, 0.5, 0.5, 0.3, 0.19, 0.4, 0.5, 0.5].map((c, i) => hour(i, c));
    const ex = examplesOf(hours, 0.2, 2);
    expect(ex.map((e) => [e.inputs.hourUtc, e.below, e.minimum])).toEqual([
      [3, true, 0.19],
      [4, true, 0.19],
      [5, false, 0.4],
      [6, false, 0.5],
    ]);
    expect(examplesOf([...hours.slice(0, 5), hour(5, null), ...hours.slice(6)], 0.2, 2).map((e) => e.inputs.hourUtc)).toEqual([6]);
  });
});

describe('model registrations', () => {
  it('keeps the model in use while a training is queued, and records how it ended', () => {
    const options = { limitMgL: 0.2, horizonHours: 6, days: 180 };
    const first = queuedTraining(undefined, 'water_quality_predictor', options, '2026-12-01T00:00:00Z');
    expect(first).toMatchObject({ version: 1, modelVersion: null, lastTraining: { status: 'queued', completedAt: null } });
    const done = endedTraining(first, { status: 'succeeded', modelVersion: 'v1' }, '2026-12-01T00:01:00Z');
    expect(done).toMatchObject({ version: 2, modelVersion: 'v1', lastTraining: { status: 'succeeded', requestedAt: '2026-12-01T00:00:00Z', completedAt: '2026-12-01T00:01:00Z' } });
    const again = endedTraining(queuedTraining(done, 'water_quality_predictor', options, '2026-12-08T00:00:00Z'), { status: 'insufficient_history', reason: 'too short' }, '2026-12-08T00:01:00Z');
    expect(again).toMatchObject({ version: 4, modelVersion: 'v1', lastTraining: { status: 'insufficient_history', reason: 'too short' } });
  });
});
