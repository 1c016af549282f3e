/** The zone refusals as typed errors: status, stable code and the paths under `body` / `query`. */
import { describe, expect, it } from 'vitest';
import { refuseNightFlowRange, refuseZoneSensors } from '#application/refusals';
import { AppError } from '#platform/errors';

const thrown = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('nothing thrown');
};

describe('zone refusals', () => {
  it('answers unusable zone sensors with 422 and one code per kind, paths under body', () => {
    const codes = (['unknown_sensor', 'wrong_sensor_kind', 'sensor_of_another_client'] as const).map((kind) => {
      const error = thrown(() => refuseZoneSensors({ kind, errors: [{ path: 'meters.0.sensorId', message: 'm' }] }));
      expect(error.status).toBe(422);
      expect(error.extensions.errors).toEqual([{ path: 'body.meters.0.sensorId', message: 'm' }]);
      return error.code;
    });
    expect(codes).toEqual(['UNKNOWN_SENSOR', 'WRONG_SENSOR_KIND', 'SENSOR_OF_ANOTHER_CLIENT']);
  });

  it('answers a bad night-flow range with 400 INVALID_RANGE or RANGE_TOO_LONG', () => {
    const empty = thrown(() => refuseNightFlowRange({ kind: 'empty_range', message: 'from must be before to' }));
    expect([empty.status, empty.code, empty.extensions.errors]).toEqual([400, 'INVALID_RANGE', [{ path: 'query.from', message: 'from must be before to' }]]);
    const long = thrown(() => refuseNightFlowRange({ kind: 'range_too_long', message: 'too long' }));
    expect([long.status, long.code]).toEqual([400, 'RANGE_TOO_LONG']);
  });
});
