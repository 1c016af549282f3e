/** Pressure transients in a high-rate burst of one pressure sensor. */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { Id, IsoDateTime } from './common';
import { SensorId } from './sensors';

/** The most samples one burst may hold: 10 minutes at 100 Hz. */
export const MAX_BURST_SAMPLES = 60_000;

export const TransientBurstBody = lazySchema(() => z.strictObject({
  startAt: IsoDateTime.describe('Time of the first sample'),
  sampleRateHz: z.number().min(1).max(1_000).describe('Samples per second (loggers capture transients at 25-1000 Hz; 100 Hz is usual)'),
  unit: z.enum(['bar', 'm']).default('bar').describe('Unit of the values: bar (the pressure sensors\' unit) or metres of head'),
  values: z.array(z.number().min(-10_000).max(10_000)).min(10).max(MAX_BURST_SAMPLES).describe(`The burst, evenly spaced; at most ${MAX_BURST_SAMPLES} samples`),
}));

export const transientBurstExample = {
  startAt: '2026-12-02T03:14:00.000Z',
  sampleRateHz: 100,
  unit: 'bar',
  values: [4.51, 4.5, 4.52, 4.51, 4.5, 4.51, 2.3, 1.9, 5.8, 6.4, 4.1, 4.6, 4.52, 4.5, 4.51],
};

const TransientEvent = lazySchema(() => z.object({
  at: IsoDateTime.describe('When the excursion started'),
  kind: z.enum(['drop', 'surge']).describe('Whether it first went below (drop) or above (surge) the baseline'),
  durationS: z.number(),
  baselineM: z.number().describe('Pressure before the event, metres of head'),
  minM: z.number(),
  maxM: z.number(),
  dropM: z.number().describe('Baseline minus the minimum, m'),
  riseM: z.number().describe('Maximum minus the baseline, m'),
  amplitudeM: z.number().describe('Maximum minus minimum, m'),
  reboundM: z.number().describe('How far it swung past the baseline on the other side, m'),
  open: z.boolean().describe('The burst ended before the event did'),
  overLimit: z.boolean().describe('amplitudeM exceeds limitM'),
}));

export const TransientScan = lazySchema(() => z
  .object({
    sensorId: SensorId,
    zoneId: Id.nullable().describe("The zone of the sensor's asset, whose transientLimitM applies when set"),
    limitM: z.number().nullable().describe('Amplitude over which an event raises the alert; null when the tenant has no enabled transient rule'),
    limitSource: z.enum(['zone', 'rule']).nullable(),
    noiseSigmaM: z.number().describe("The burst's own noise, m (robust standard deviation of successive differences)"),
    thresholdM: z.number().describe('Excursion from the baseline that starts an event, m: max(2 m, 6 noise sigma)'),
    events: z.array(TransientEvent),
    alert: z
      .object({ id: Id, status: z.enum(['raised', 'already_open', 'cleared']) })
      .nullable()
      .describe('The pressure.transient alert this burst raised, found open (a repeat, grouped under it) or cleared; null when nothing changed'),
  })
  .meta({ id: 'TransientScan' }));

export const transientScanExample = {
  sensorId: 'PRES_01',
  zoneId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7Z0N',
  limitM: 20,
  limitSource: 'rule',
  noiseSigmaM: 0.11,
  thresholdM: 2,
  events: [
    {
      at: '2026-12-02T03:14:00.060Z',
      kind: 'drop',
      durationS: 0.05,
      baselineM: 45.9,
      minM: 19.4,
      maxM: 65.3,
      dropM: 26.5,
      riseM: 19.4,
      amplitudeM: 45.9,
      reboundM: 19.4,
      open: false,
      overLimit: true,
    },
  ],
  alert: { id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A9C', status: 'raised' },
};
