import { describe, expect, it } from 'vitest';
import type { Document } from '#domain/documents';
import { loggerRefusal, recordingFormat, sameSampleRate, type LoggerFacts } from '#domain/leaks/correlation-request';
import type { Principal } from '#domain/principal';

const staff = { tenantId: 't', subject: 's', role: 'technician', clientId: null } as unknown as Principal;
const visible = () => true;
const logger = (kind: LoggerFacts['kind'] = 'acoustic', zoneId: string | null = 'Z'): LoggerFacts => ({ kind, clientId: null, zoneId });

describe('loggerRefusal', () => {
  it('accepts two acoustic loggers on assets of the zone', () => {
    expect(loggerRefusal('Z', [['sensorA', 'A', logger()], ['sensorB', 'B', logger()]], visible)).toBeUndefined();
  });

  it('names the first logger that is unknown, invisible, not acoustic or not in the zone, and refuses one logger twice', () => {
    expect(loggerRefusal('Z', [['sensorA', 'A', undefined], ['sensorB', 'B', logger()]], visible)).toMatchObject({ kind: 'unknown_sensor', path: 'sensorA' });
    expect(loggerRefusal('Z', [['sensorA', 'A', logger()], ['sensorB', 'B', logger()]], () => false)).toMatchObject({ kind: 'unknown_sensor' });
    expect(loggerRefusal('Z', [['sensorA', 'A', logger()], ['sensorB', 'B', logger('pressure')]], visible)).toMatchObject({ kind: 'not_acoustic', path: 'sensorB' });
    expect(loggerRefusal('Z', [['sensorA', 'A', logger('acoustic', null)], ['sensorB', 'B', logger()]], visible)).toMatchObject({ kind: 'not_in_zone', path: 'sensorA' });
    expect(loggerRefusal('Z', [['sensorA', 'A', logger()], ['sensorB', 'A', logger()]], visible)).toMatchObject({ kind: 'same_sensor' });
  });
});

describe('recordingFormat', () => {
  const doc = (over: Partial<Document>): Document => ({ status: 'available', clientId: null, contentType: 'audio/wav', fileName: 'a.wav', sizeBytes: 1000, ...over }) as Document;

  it('reads WAV and CSV documents', () => {
    expect(recordingFormat(staff, doc({}))).toEqual({ format: 'wav' });
    expect(recordingFormat(staff, doc({ contentType: 'text/csv', fileName: 'a.csv' }))).toEqual({ format: 'csv' });
    expect(recordingFormat(staff, doc({ contentType: 'text/plain', fileName: 'a.csv' }))).toEqual({ format: 'csv' });
  });

  it('says why another document is not a recording', () => {
    expect(recordingFormat(staff, undefined)).toEqual({ problem: { kind: 'not-found' } });
    expect(recordingFormat(staff, doc({ status: 'pending' }))).toEqual({ problem: { kind: 'not-available', status: 'pending' } });
    expect(recordingFormat(staff, doc({ sizeBytes: 5 * 1024 * 1024 }))).toMatchObject({ problem: { kind: 'too-large' } });
    expect(recordingFormat(staff, doc({ contentType: 'image/png', fileName: 'a.png' }))).toEqual({ problem: { kind: 'not-a-recording', contentType: 'image/png' } });
  });
});

describe('sameSampleRate', () => {
  it('allows a millionth of difference (CSV rates come from time stamps), no more', () => {
    const r = (sampleRateHz: number) => ({ sampleRateHz, samples: new Float64Array(0) });
    expect(sameSampleRate(r(4096), r(4096.001))).toBe(true);
    expect(sameSampleRate(r(4096), r(4000))).toBe(false);
  });
});
