/** Leak correlations between two acoustic loggers of a zone. */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { Id } from './common';
import { PipeMaterial } from './assets';
import { SensorId } from './sensors';

export const CorrelationBody = lazySchema(() => z.strictObject({
  sensorA: SensorId.describe('Acoustic logger A: an `acoustic` sensor on an asset of the zone'),
  sensorB: SensorId.describe('Acoustic logger B, on the same pipe'),
  documentA: Id.describe("Logger A's recording: an available document, WAV (PCM 16-bit mono, audio/wav) or CSV `t,value` (text/csv), at most 4 MiB, 120 s and 1 048 576 samples"),
  documentB: Id.describe("Logger B's recording, synchronised with A's and at the same sample rate"),
  distanceM: z.number().positive().max(10_000).describe('Pipe length between the loggers, m'),
  pipeMaterial: PipeMaterial,
  diameterMm: z.number().min(20).max(3000).describe('Internal diameter, mm'),
  waveSpeedMps: z.number().min(100).max(2000).optional().describe('A wave speed measured on site (tap test), overriding the table'),
}));

export const correlationBodyExample = {
  sensorA: 'ACOUSTIC_017',
  sensorB: 'ACOUSTIC_018',
  documentA: '01JD5Y7Z8M6Q2V3W4X5Y6Z7D01',
  documentB: '01JD5Y7Z8M6Q2V3W4X5Y6Z7D02',
  distanceM: 212,
  pipeMaterial: 'ductile_iron',
  diameterMm: 150,
};

const WaveSpeed = lazySchema(() => z.object({
  mps: z.number(),
  toleranceMps: z.number(),
  source: z.enum(['table', 'given']).describe('`table`: Korteweg from the material and diameter; `given`: waveSpeedMps of the request'),
}));

export const Correlation = lazySchema(() => z
  .object({
    zoneId: Id,
    sensorA: SensorId,
    sensorB: SensorId,
    status: z.enum(['located', 'no_coherent_leak_noise']).describe('`no_coherent_leak_noise`: the loggers hear nothing in common (no leak between them, or too far)'),
    distanceFromAM: z.number().nullable().describe('Leak position along the pipe from logger A, m (null without coherent noise)'),
    uncertaintyM: z.number().nullable().describe('Plus or minus, m: the wave speed tolerance and the peak width'),
    delayS: z.number().nullable().describe('Delay of B behind A, s'),
    waveSpeed: WaveSpeed,
    peakCoefficient: z.number().nullable().describe('Correlation coefficient at the peak, -1..1'),
    peakProminence: z.number().describe('Peak height above the median of the searched lags, in robust standard deviations'),
    prominenceThreshold: z.number().describe('Prominence under which the answer is no coherent leak noise'),
    atLogger: z.enum(['A', 'B']).nullable().describe('The source is within its uncertainty of a logger: it may be at or beyond it'),
    sampleRateHz: z.number(),
    durationS: z.number().describe('Length of the shorter recording, s'),
  })
  .meta({ id: 'Correlation' }));

export const correlationExample = {
  zoneId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7Z01',
  sensorA: 'ACOUSTIC_017',
  sensorB: 'ACOUSTIC_018',
  status: 'located',
  distanceFromAM: 74.2,
  uncertaintyM: 6.3,
  delayS: 0.0509,
  waveSpeed: { mps: 1250.4, toleranceMps: 125, source: 'table' },
  peakCoefficient: 0.41,
  peakProminence: 38.5,
  prominenceThreshold: 7.2,
  atLogger: null,
  sampleRateHz: 4096,
  durationS: 4,
};
