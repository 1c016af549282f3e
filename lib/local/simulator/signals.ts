/**
 * Realistic signals for the device simulator (`bin/simulate.ts`): what the sensors of a
 * small drinking-water network read over a day, with noise, and the anomalies the demo
 * alert rules are there to catch. Pure functions of the time and a random source, so
 * they are tested without devices.
 */
import type { SensorKind } from '#domain/telemetry/types';

/** A source of uniform numbers in [0, 1), e.g. `Math.random`. */
export type Random = () => number;

/** A standard normal sample (Box-Muller). */
export function gaussian(random: Random): number {
  const u = Math.max(random(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Hours since local midnight, fractional. */
export const hourOfDay = (at: Date): number => at.getHours() + at.getMinutes() / 60 + at.getSeconds() / 3600;

const bump = (hour: number, peak: number, width: number) => Math.exp(-((((hour - peak + 36) % 24) - 12) ** 2) / (2 * width ** 2));

/**
 * Water demand of a residential network, 0..1: low at night, a morning peak around
 * 7:30 and a broader evening peak around 19:30.
 */
export function demand(hour: number): number {
  return Math.min(1, 0.12 + 0.75 * bump(hour, 7.5, 1.2) + 0.6 * bump(hour, 19.5, 1.8) + 0.2 * bump(hour, 12.5, 2));
}

/** What goes wrong, for a while. */
export type AnomalyKind = 'pressure-drop' | 'chlorine-spike' | 'ph-excursion' | 'turbidity-spike' | 'leak-noise';

/** Which anomaly shows on which kind of sensor. */
export const ANOMALY_OF_KIND: Partial<Record<SensorKind, AnomalyKind>> = {
  pressure: 'pressure-drop',
  chlorine: 'chlorine-spike',
  ph: 'ph-excursion',
  turbidity: 'turbidity-spike',
  acoustic: 'leak-noise',
};

export interface Reading {
  readonly value: number;
  readonly quality: 'GOOD' | 'UNCERTAIN' | 'BAD';
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * One reading of a sensor of `kind` at `at`; `anomaly` is true while an anomaly of the
 * kind's type is going on (a main break drops the pressure, a dosing fault spikes the
 * chlorine, a leak raises the acoustic noise...).
 */
export function readingOf(kind: SensorKind, at: Date, random: Random, anomaly = false): Reading {
  const hour = hourOfDay(at);
  const d = demand(hour);
  const noise = () => gaussian(random);
  let value: number;
  switch (kind) {
    case 'ph':
      value = anomaly ? 8.9 + 0.1 * noise() : 7.2 + 0.08 * Math.sin((2 * Math.PI * hour) / 24) + 0.04 * noise();
      break;
    case 'chlorine':
      // Free chlorine 0.2-0.5 mg/L: highest after the night's dosing, consumed through the day.
      value = anomaly ? 1.8 + 0.2 * noise() : 0.35 + 0.12 * Math.cos((2 * Math.PI * (hour - 5)) / 24) + 0.01 * noise();
      value = Math.min(anomaly ? 3 : 0.5, Math.max(anomaly ? 1 : 0.2, value));
      break;
    case 'pressure':
      // 3-5 bar, lower when demand is high; a main break drops it under 2 bar.
      value = anomaly ? 1.6 + 0.15 * noise() : 4.7 - 1.5 * d + 0.05 * noise();
      break;
    case 'flow':
      value = Math.max(0, 18 + 140 * d + 3 * noise());
      break;
    case 'level':
      // A reservoir: filled at night, drawn down by the day's demand.
      value = 4.2 + 1.1 * Math.cos((2 * Math.PI * (hour - 5)) / 24) - 0.4 * d + 0.01 * noise();
      break;
    case 'turbidity':
      value = anomaly ? 3.5 + 0.8 * Math.abs(noise()) : 0.25 + 0.04 * Math.abs(noise());
      break;
    case 'acoustic':
      value = anomaly ? 62 + 3 * noise() : 34 + 6 * d + 2 * noise();
      break;
    case 'temperature':
      value = 12.5 + 1.5 * Math.sin((2 * Math.PI * (hour - 9)) / 24) + 0.1 * noise();
      break;
    case 'conductivity':
      value = 480 + 15 * noise();
      break;
  }
  const digits = kind === 'flow' || kind === 'acoustic' || kind === 'conductivity' ? 1 : kind === 'chlorine' || kind === 'turbidity' ? 3 : 2;
  // Now and then a sensor is unsure of itself (fouling, calibration drift).
  const quality = random() < 0.01 ? 'UNCERTAIN' : 'GOOD';
  return { value: round(Math.max(0, value), digits), quality };
}

/**
 * When anomalies happen: the first ones early (so a newcomer sees alerts within a
 * minute or two), then at random, about one per `meanMinutesBetween` per sensor.
 */
export class AnomalySchedule {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly random: Random,
    private readonly start: number,
    /** First anomaly of each kind, in seconds after the start. */
    private readonly firstAfterSeconds: Partial<Record<AnomalyKind, number>> = { 'ph-excursion': 20, 'pressure-drop': 60, 'chlorine-spike': 90, 'leak-noise': 120, 'turbidity-spike': 150 },
    private readonly durationSeconds = 25,
    private readonly meanMinutesBetween = 8,
  ) {}

  /** Whether `anomaly` is going on for `sensorId` at `now` (epoch ms), drawing new episodes as time passes. */
  active(sensorId: string, anomaly: AnomalyKind | undefined, now: number, tickSeconds: number): boolean {
    if (!anomaly) return false;
    const key = `${sensorId}:${anomaly}`;
    const until = this.until.get(key);
    if (until !== undefined && now < until) return true;
    const first = this.firstAfterSeconds[anomaly];
    const firstDue = first !== undefined && !this.until.has(key) && now - this.start >= first * 1000;
    const randomDue = this.until.has(key) && this.random() < tickSeconds / (this.meanMinutesBetween * 60);
    if (firstDue || randomDue) {
      this.until.set(key, now + this.durationSeconds * 1000);
      return true;
    }
    return false;
  }
}
