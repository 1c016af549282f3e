/** The zone, asset-network and leak-analysis refusals as typed errors: status, stable code and the paths under `body` / `query` / `params`. */
import { describe, expect, it } from 'vitest';
import {
  refuseAssetWithChildren,
  refuseLeakAnalysis,
  refuseLoggers,
  refuseNightFlowRange,
  refuseNotPressureSensor,
  refuseParentAsset,
  refusePipeSection,
  refuseRecording,
  refuseSampleRates,
  refuseUnknownZone,
  refuseZoneSensors,
} from '#application/refusals';
import { LeakAnalysisError } from '#domain/leaks/errors';
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

const summary = (e: AppError) => [e.status, e.code, (e.extensions.errors as Array<{ path: string }> | undefined)?.map((x) => x.path)];

describe('asset network refusals', () => {
  it('answers 422 with one code per problem, paths under body', () => {
    expect(summary(thrown(() => refusePipeSection([{ path: 'pipe', message: 'm' }, { path: 'installedAt', message: 'n' }])))).toEqual([422, 'INVALID_PIPE_SECTION', ['body.pipe', 'body.installedAt']]);
    expect(summary(thrown(() => refuseUnknownZone('Z')))).toEqual([422, 'UNKNOWN_ZONE', ['body.zoneId']]);
    expect((['unknown_parent', 'parent_on_another_site', 'parent_cycle'] as const).map((r) => summary(thrown(() => refuseParentAsset(r, 'P'))))).toEqual([
      [422, 'UNKNOWN_PARENT_ASSET', ['body.parentAssetId']],
      [422, 'PARENT_ON_ANOTHER_SITE', ['body.parentAssetId']],
      [422, 'PARENT_ASSET_CYCLE', ['body.parentAssetId']],
    ]);
    expect(summary(thrown(() => refuseAssetWithChildren('C')))).toEqual([409, 'ASSET_HAS_CHILDREN', undefined]);
  });
});

describe('leak analysis refusals', () => {
  it('answers loggers, recordings, rates and analyses with their status and code', () => {
    expect(summary(thrown(() => refuseLoggers({ kind: 'not_in_zone', path: 'sensorB', message: 'm' })))).toEqual([422, 'SENSOR_NOT_IN_ZONE', ['body.sensorB']]);
    expect(thrown(() => refuseRecording({ kind: 'not-found' }, 'D', 'documentA')).status).toBe(404);
    expect(summary(thrown(() => refuseRecording({ kind: 'not-available', status: 'pending' }, 'D', 'documentA')))).toEqual([409, 'DOCUMENT_NOT_AVAILABLE', undefined]);
    expect(summary(thrown(() => refuseRecording({ kind: 'not-a-recording', contentType: 'image/png' }, 'D', 'documentB')))).toEqual([422, 'NOT_A_RECORDING', ['body.documentB']]);
    expect(summary(thrown(() => refuseRecording({ kind: 'too-large', sizeBytes: 9e6 }, 'D', 'documentA')))).toEqual([422, 'RECORDING_TOO_LARGE', ['body.documentA']]);
    expect(summary(thrown(() => refuseSampleRates(4096, 2048)))).toEqual([422, 'SAMPLE_RATE_MISMATCH', ['body.documentB']]);
    expect(summary(thrown(() => refuseLeakAnalysis(new LeakAnalysisError('INVALID_RECORDING', 'short'), 'documentA')))).toEqual([422, 'INVALID_RECORDING', ['body.documentA']]);
    expect(summary(thrown(() => refuseNotPressureSensor('S', 'ph')))).toEqual([422, 'WRONG_SENSOR_KIND', ['params.id']]);
  });
});
