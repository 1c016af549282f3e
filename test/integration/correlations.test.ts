/**
 * Leak correlation through the local stack: two acoustic loggers of a zone, synchronised
 * recordings of a leak at a known position (the bench's generator at 0 dB signal-to-noise)
 * uploaded as WAV or CSV documents, located within 5 % of the distance; no leak answers
 * `no_coherent_leak_noise` (200); unusable loggers and recordings are refused (422).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeWav } from '#domain/leaks/recordings';
import { waveSpeed } from '#domain/leaks/wave-speed';
import { syntheticRecordings } from '#lib/local/simulator/acoustic';
import { call, tokenFor, USERS } from '../support/api';
import { uploadedDocument } from '../support/documents';
import { correlationCall, DUCTILE_IRON_PAIR, leakZone, uploadedRecordings, type LeakZone } from '../support/leak-network';
import { uniqueSensorId } from '../support/route-fixtures';

let manager: string;
let technician: string;
let network: LeakZone;
/** The pipe's true speed is the table's, so the position depends on the correlator alone. */
const SPEED = waveSpeed(DUCTILE_IRON_PAIR.material, DUCTILE_IRON_PAIR.diameterMm).mps;

beforeAll(async () => {
  [manager, technician] = await Promise.all([tokenFor(USERS.manager), tokenFor(USERS.technician)]);
  network = await leakZone();
});

const correlate = (path: string, body: unknown, token = technician) => call('POST', path, { token, body });

describe('locating a leak between two loggers', () => {
  it.each([
    { distanceM: 180, leakFromAM: 41, seed: 7001 },
    { distanceM: 320, leakFromAM: 250, seed: 7002 },
  ])('finds a leak $leakFromAM m from A on $distanceM m of ductile iron within 5 % at 0 dB SNR (seed $seed)', async ({ distanceM, leakFromAM, seed }) => {
    const { path, body } = await correlationCall(network, distanceM, leakFromAM, seed, SPEED);
    const res = await correlate(path, body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ zoneId: network.zoneId, sensorA: network.loggers[0], status: 'located', sampleRateHz: 4096, durationS: 4, waveSpeed: { source: 'table' } });
    expect(Math.abs(res.body.distanceFromAM - leakFromAM) / distanceM).toBeLessThanOrEqual(0.05);
    expect(res.body.delayS).toBeCloseTo((distanceM - 2 * leakFromAM) / SPEED, 3);
    expect(res.body.uncertaintyM).toBeGreaterThan(0);
    expect(res.body.peakProminence).toBeGreaterThan(res.body.prominenceThreshold);
  });

  it('answers no coherent leak noise (200) when the loggers hear only their own noise', async () => {
    const { path, body } = await correlationCall(network, 200, undefined, 7003, SPEED);
    const res = await correlate(path, body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'no_coherent_leak_noise', distanceFromAM: null, uncertaintyM: null, delayS: null, atLogger: null });
    expect(res.body.peakProminence).toBeLessThan(res.body.prominenceThreshold);
  });

  it('reads CSV recordings (t,value) as it reads WAV', async () => {
    const { a, b } = syntheticRecordings({ seed: 7004, sampleRateHz: 2048, samples: 4 * 2048, distanceM: 150, leakFromAM: 100, waveSpeedMps: SPEED, snrDb: 0, bandHz: DUCTILE_IRON_PAIR.bandHz });
    const csv = (x: Float64Array) => new TextEncoder().encode(['t,value', ...Array.from(x, (v, i) => `${(i / 2048).toFixed(9)},${v.toFixed(6)}`)].join('\n'));
    const ids: string[] = [];
    for (const x of [a, b]) ids.push((await uploadedDocument(manager, network.siteId, csv(x), { over: { fileName: 'logger.csv', contentType: 'text/csv' } })).id);
    const res = await correlate(`/v1/zones/${network.zoneId}/correlations`, { sensorA: network.loggers[0], sensorB: network.loggers[1], documentA: ids[0], documentB: ids[1], distanceM: 150, pipeMaterial: 'ductile_iron', diameterMm: 150 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.sampleRateHz).toBeCloseTo(2048, 3);
    expect(Math.abs(res.body.distanceFromAM - 100) / 150).toBeLessThanOrEqual(0.05);
  });
});

describe('what is refused', () => {
  let body: Record<string, any>;
  let path: string;
  beforeAll(async () => {
    ({ path, body } = await correlationCall(network, 200, 70, 7005, SPEED));
  });

  it('loggers that are not acoustic, not in the zone, unknown or the same one (422)', async () => {
    const outsider = await leakZone();
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ sensorB: network.pressureSensorId }, 'WRONG_SENSOR_KIND', 'body.sensorB'],
      [{ sensorB: outsider.loggers[0] }, 'SENSOR_NOT_IN_ZONE', 'body.sensorB'],
      [{ sensorA: uniqueSensorId('NONE') }, 'UNKNOWN_SENSOR', 'body.sensorA'],
      [{ sensorB: network.loggers[0] }, 'SAME_SENSOR', 'body.sensorB'],
    ];
    for (const [change, code, at] of cases) {
      const res = await correlate(path, { ...body, ...change });
      expect([res.status, res.body.code, res.body.errors?.[0]?.path], code).toEqual([422, code, at]);
    }
  });

  it('recordings at two sample rates (422 SAMPLE_RATE_MISMATCH), documents that are not recordings or not WAV inside (422), unknown documents (404)', async () => {
    const [slowA] = await uploadedRecordings(network.siteId, { seed: 7006, sampleRateHz: 2048, samples: 4096, distanceM: 200, leakFromAM: 70, waveSpeedMps: SPEED, snrDb: 0, bandHz: DUCTILE_IRON_PAIR.bandHz });
    const mismatch = await correlate(path, { ...body, documentA: slowA });
    expect([mismatch.status, mismatch.body.code]).toEqual([422, 'SAMPLE_RATE_MISMATCH']);

    const png = await uploadedDocument(manager, network.siteId, new Uint8Array([137, 80, 78, 71, 13]), { over: { fileName: 'photo.png', contentType: 'image/png' } });
    const notRecording = await correlate(path, { ...body, documentB: png.id });
    expect([notRecording.status, notRecording.body.code, notRecording.body.errors[0].path]).toEqual([422, 'NOT_A_RECORDING', 'body.documentB']);

    const fake = await uploadedDocument(manager, network.siteId, new TextEncoder().encode('not a wav at all'), { over: { fileName: 'fake.wav', contentType: 'audio/wav' } });
    const invalid = await correlate(path, { ...body, documentA: fake.id });
    expect([invalid.status, invalid.body.code]).toEqual([422, 'INVALID_RECORDING']);

    const tooShort = await uploadedDocument(manager, network.siteId, encodeWav(new Array(100).fill(0.1), 4096), { over: { fileName: 'short.wav', contentType: 'audio/wav' } });
    const short = await correlate(path, { ...body, documentA: tooShort.id, documentB: tooShort.id });
    expect([short.status, short.body.code]).toEqual([422, 'INVALID_RECORDING']);

    const missing = await correlate(path, { ...body, documentA: '01JD5Y7Z8M6Q2V3W4X5Y6Z7ZZZ' });
    expect(missing.status).toBe(404);
  });

  it('a zone the caller cannot find (404), and client users may not correlate (403)', async () => {
    expect((await correlate('/v1/zones/01JD5Y7Z8M6Q2V3W4X5Y6Z7ZZZ/correlations', body)).status).toBe(404);
    expect((await correlate(path, body, await tokenFor(USERS.client))).status).toBe(403);
  });
});
