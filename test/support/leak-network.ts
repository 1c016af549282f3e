/**
 * A small leak-detection network through the local stack, for the correlation and
 * transient tests and their route fixtures: a zone on a new Acme site, hydrants in the
 * zone carrying acoustic loggers, a pressure sensor on an asset of the zone, and
 * synchronised recordings of a leak at a known position (the bench's generator,
 * `syntheticRecordings`) uploaded as WAV documents.
 */
import { encodeWav } from '#domain/leaks/recordings';
import { MATERIALS } from '#domain/leaks/wave-speed';
import { syntheticRecordings, type SyntheticPair } from '#lib/local/simulator/acoustic';
import { call, tokenFor, USERS } from './api';
import { uploadedDocument } from './documents';
import { fixtureSite, uniqueSensorId, ZONE_BOUNDARY } from './route-fixtures';

let seq = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${seq++}`;

async function created(path: string, body: unknown): Promise<{ id: string } & Record<string, any>> {
  const res = await call('POST', path, { token: await tokenFor(USERS.manager), body });
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export interface LeakZone {
  readonly siteId: string;
  readonly zoneId: string;
  /** Acoustic loggers A and B, each on a hydrant of the zone. */
  readonly loggers: readonly [string, string];
  /** A pressure sensor on a valve of the zone. */
  readonly pressureSensorId: string;
}

/** A zone with two acoustic loggers and a pressure sensor on its assets; `zone` adds to the zone's body. */
export async function leakZone(zone: Record<string, unknown> = {}): Promise<LeakZone> {
  const site = await fixtureSite();
  const meter = await created('/v1/sensors', { id: uniqueSensorId('FLOW'), kind: 'flow', siteId: site.id });
  const z = await created('/v1/zones', {
    name: unique('Zone'),
    siteId: site.id,
    boundary: ZONE_BOUNDARY,
    meters: [{ sensorId: meter.id, direction: 'in' }],
    serviceConnections: 800,
    mainsLengthKm: 12,
    timezone: 'Europe/Paris',
    ...zone,
  });
  const asset = (type: string) => created('/v1/assets', { name: unique(type), type, siteId: site.id, serialNumber: unique('SN'), zoneId: z.id });
  const sensor = async (kind: string, prefix: string, type: string) => (await created('/v1/sensors', { id: uniqueSensorId(prefix), kind, siteId: site.id, assetId: (await asset(type)).id })).id as string;
  const loggers = [await sensor('acoustic', 'NOISE', 'hydrant'), await sensor('acoustic', 'NOISE', 'hydrant')] as const;
  return { siteId: site.id, zoneId: z.id, loggers, pressureSensorId: await sensor('pressure', 'PRES', 'valve') };
}

/** Scales both recordings by one factor into -1..1 (as a logger's gain would) for 16-bit WAV. */
function asWavs(a: Float64Array, b: Float64Array, sampleRateHz: number): [Uint8Array, Uint8Array] {
  let peak = 0;
  for (const x of [a, b]) for (const v of x) peak = Math.max(peak, Math.abs(v));
  const scale = 0.9 / peak;
  return [encodeWav(a.map((v) => v * scale), sampleRateHz), encodeWav(b.map((v) => v * scale), sampleRateHz)];
}

/** Uploads two synchronised WAV recordings on the site; their document ids. */
export async function uploadedRecordings(siteId: string, pair: SyntheticPair): Promise<[string, string]> {
  const { a, b } = syntheticRecordings(pair);
  const token = await tokenFor(USERS.manager);
  const ids: string[] = [];
  for (const bytes of asWavs(a, b, pair.sampleRateHz)) {
    const doc = await uploadedDocument(token, siteId, bytes, { over: { fileName: `${unique('logger')}.wav`, contentType: 'audio/wav' } });
    if (doc.status !== 'available') throw new Error(`recording ${doc.id} is ${doc.status}`);
    ids.push(doc.id as string);
  }
  return [ids[0]!, ids[1]!];
}

/** A ductile-iron main, 150 mm, sampled at 4096 Hz for 4 s: the bench's first pipe. */
export const DUCTILE_IRON_PAIR = { material: 'ductile_iron', diameterMm: 150, sampleRateHz: 4096, samples: 4 * 4096, bandHz: MATERIALS.ductile_iron.bandHz } as const;

/** A body for `POST /v1/zones/{id}/correlations` on a leak zone with a leak `leakFromAM` from A (none when undefined). */
export async function correlationCall(network: LeakZone, distanceM: number, leakFromAM: number | undefined, seed: number, waveSpeedMps: number, snrDb = 0) {
  const [documentA, documentB] = await uploadedRecordings(network.siteId, {
    seed,
    sampleRateHz: DUCTILE_IRON_PAIR.sampleRateHz,
    samples: DUCTILE_IRON_PAIR.samples,
    distanceM,
    ...(leakFromAM === undefined ? {} : { leakFromAM }),
    waveSpeedMps,
    snrDb,
    bandHz: DUCTILE_IRON_PAIR.bandHz,
  });
  return {
    path: `/v1/zones/${network.zoneId}/correlations`,
    body: { sensorA: network.loggers[0], sensorB: network.loggers[1], documentA, documentB, distanceM, pipeMaterial: DUCTILE_IRON_PAIR.material, diameterMm: DUCTILE_IRON_PAIR.diameterMm },
  };
}
