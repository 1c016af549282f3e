/**
 * Water-quality physics at one sampling point of a distribution network, hour by hour,
 * seeded and pure, for the water-quality model's tests, `bench:ai` and the demo data.
 *
 * The true state (what the water does) and what the sensors report are kept apart, so a
 * model trained on the reports can be scored against the truth, and the generator knows
 * the true probability of every outcome: {@link optimalProbability} simulates the same
 * dynamics forward from the true state, which is the best any predictor can do.
 *
 * Physics (one step = one hour, `h` = hour of day in UTC, `D(h)` the residential demand
 * of `signals.ts`, 0..1):
 * - Free chlorine at the point is what the plant doses, decayed over the water's age:
 *   `C = dose · exp(-k · τ(h)) · exp(η)`, `τ(h) = 4 + 14·(1 - D(h))` hours (low demand at
 *   night: older water), η ~ N(0, 0.03²) mixing noise. First-order bulk decay.
 * - The decay rate depends on temperature by Arrhenius, `k20 · exp(E/R · (1/293.15 - 1/(T+273.15)))`
 *   with E/R = 6000 K (an activation energy near 50 kJ/mol, in the range reported for bulk
 *   chlorine decay: ~+22 % per +5 °C around 20 °C), a mild pH term `(1 + 0.25·(pH - 7.5))`
 *   and a demand of particles, `+ kTurbidity · turbidity` (organic matter and sediment
 *   consume chlorine).
 * - Turbidity: a base of 0.15 NTU plus an event level that decays by 25 % an hour and jumps
 *   after demand ramps (sediment stirred up when the flow rises) and as a rain day (12 %
 *   of days) starts (run-off reaching the source).
 * - Temperature: a seasonal cycle (14 ± 7 °C, warmest late July), a small daily cycle and
 *   an AR(1) anomaly; pH: 7.5 plus an AR(1) anomaly.
 * - The dose at the plant follows its set point with AR(1) noise; a dosing fault (pump
 *   air-lock, empty day tank) halves it for ~8 hours, starting at random (0.4 % an hour).
 *
 * Sensor faults (each sensor, independently): stuck (the reading freezes for 1-3 days),
 * drift (an offset that grows until the monthly recalibration) and spikes (one wrong hour).
 */
import { gaussian, seededRandom } from '#domain/leaks/robust';
import { demand } from './signals';

/** The true state of the water at the point, at the end of an hour. */
export interface WaterState {
  readonly hour: number;
  /** Plant dose set point times the AR noise, mg/L. */
  readonly doseNoise: number;
  /** Hours left of a dosing fault (0: none). */
  readonly doseFaultHours: number;
  readonly turbidityEvent: number;
  readonly temperatureAnomaly: number;
  readonly phAnomaly: number;
  readonly rainDay: boolean;
  /** The values the water has this hour. */
  readonly chlorine: number;
  readonly turbidity: number;
  readonly temperature: number;
  readonly ph: number;
}

/** One hour as the sensors report it (their hourly means). */
export interface ReportedHour {
  readonly ts: number;
  readonly chlorine: number;
  readonly turbidity: number;
  readonly temperature: number;
  readonly ph: number;
}

export interface SamplingPointParams {
  readonly seed: number;
  /** First hour simulated (ms, on the hour). */
  readonly start: number;
  readonly hours: number;
  /** The plant's dose set point, mg/L. @default 0.8 */
  readonly doseSetPoint?: number;
  /** Decay rate at 20 °C, pH 7.5, clear water, per hour. @default 0.06 */
  readonly k20?: number;
  /** Extra decay per NTU of turbidity, per hour. @default 0.03 */
  readonly kTurbidity?: number;
  /** Whether the sensors misbehave (stuck, drift, spikes). @default true */
  readonly sensorFaults?: boolean;
}

export interface SimulatedPoint {
  readonly params: Required<SamplingPointParams>;
  /** The true state at the end of each hour. */
  readonly truth: readonly WaterState[];
  /** What the sensors reported for each hour. */
  readonly reported: readonly ReportedHour[];
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** E/R of the Arrhenius law, K. */
export const ACTIVATION_OVER_R = 6000;

/** The Arrhenius factor of the decay rate at `temperature` °C, relative to 20 °C. */
export const arrhenius = (temperature: number): number => Math.exp(ACTIVATION_OVER_R * (1 / 293.15 - 1 / (temperature + 273.15)));

/** Hours the water has spent in the network when it reaches the point, at hour of day `h`. */
export const waterAge = (h: number): number => 4 + 14 * (1 - demand(h));

const seasonalTemperature = (ms: number) => {
  const dayOfYear = ((ms / DAY_MS) % 365.25 + 365.25) % 365.25;
  const hour = ((ms / HOUR_MS) % 24 + 24) % 24;
  return 14 + 7 * Math.sin((2 * Math.PI * (dayOfYear - 110)) / 365.25) + 0.5 * Math.sin((2 * Math.PI * (hour - 9)) / 24);
};

type Params = Required<SamplingPointParams>;

const withDefaults = (p: SamplingPointParams): Params => ({ doseSetPoint: 0.8, k20: 0.06, kTurbidity: 0.03, sensorFaults: true, ...p });

/** One hour of the true dynamics, from `s` (at `hour - 1`) to `hour`. */
function step(s: WaterState, hour: number, p: Params, random: () => number): WaterState {
  const ms = p.start + hour * HOUR_MS;
  const h = new Date(ms).getUTCHours();
  const newDay = h === 0;
  const rainDay = newDay ? random() < 0.12 : s.rainDay;
  const ramp = Math.max(0, demand(h) - demand((h + 23) % 24));
  let turbidityEvent = 0.75 * s.turbidityEvent;
  if (ramp > 0.05 && random() < 0.5) turbidityEvent += 3 * ramp * -Math.log(Math.max(random(), 1e-12));
  // Run-off reaches the source as the rain day starts: the event shows in the turbidity from then on.
  if (newDay && rainDay) turbidityEvent += 2.5 * -Math.log(Math.max(random(), 1e-12));
  const temperatureAnomaly = 0.97 * s.temperatureAnomaly + 0.15 * gaussian(random);
  const phAnomaly = 0.98 * s.phAnomaly + 0.03 * gaussian(random);
  const doseNoise = 0.95 * s.doseNoise + 0.03 * gaussian(random);
  const doseFaultHours = s.doseFaultHours > 0 ? (random() < 1 / 8 ? 0 : s.doseFaultHours) : random() < 0.004 ? 1 : 0;
  const temperature = seasonalTemperature(ms) + temperatureAnomaly;
  const ph = 7.5 + phAnomaly;
  const turbidity = 0.15 + turbidityEvent;
  const dose = Math.max(0.05, (p.doseSetPoint + doseNoise) * (doseFaultHours > 0 ? 0.5 : 1));
  const k = p.k20 * arrhenius(temperature) * (1 + 0.25 * (ph - 7.5)) + p.kTurbidity * turbidity;
  const chlorine = dose * Math.exp(-k * waterAge(h)) * Math.exp(0.03 * gaussian(random));
  return { hour, doseNoise, doseFaultHours, turbidityEvent, temperatureAnomaly, phAnomaly, rainDay, chlorine, turbidity, temperature, ph };
}

function initialState(p: Params): WaterState {
  return { hour: -1, doseNoise: 0, doseFaultHours: 0, turbidityEvent: 0, temperatureAnomaly: 0, phAnomaly: 0, rainDay: false, chlorine: p.doseSetPoint * 0.5, turbidity: 0.15, temperature: 14, ph: 7.5 };
}

/** A sensor's faults: a stuck value, a drifting offset, one-hour spikes. */
class FaultySensor {
  private stuckHours = 0;
  private stuckValue = 0;
  private offset = 0;
  constructor(
    private readonly random: () => number,
    private readonly noise: number,
    private readonly drift: number,
    private readonly spike: number,
    private readonly faults: boolean,
  ) {}

  read(value: number, hour: number): number {
    let out = value + this.noise * gaussian(this.random);
    if (!this.faults) return out;
    if (hour % (30 * 24) === 0) this.offset = 0; // monthly recalibration
    else if (this.offset !== 0 || this.random() < 0.0005) this.offset += this.drift;
    out += this.offset;
    if (this.stuckHours > 0) {
      this.stuckHours--;
      return this.stuckValue;
    }
    if (this.random() < 0.0005) {
      this.stuckHours = 24 + Math.floor(this.random() * 48);
      this.stuckValue = out;
    }
    if (this.random() < 0.003) out += (this.random() < 0.5 ? -1 : 1) * this.spike;
    return out;
  }
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Simulates a sampling point for `hours` hours: the truth and the sensors' reports. */
export function simulateSamplingPoint(input: SamplingPointParams): SimulatedPoint {
  const p = withDefaults(input);
  const random = seededRandom(p.seed);
  const sensorRandom = seededRandom(p.seed ^ 0x5bd1e995);
  const sensors = {
    chlorine: new FaultySensor(sensorRandom, 0.01, -0.0001, 0.3, p.sensorFaults),
    turbidity: new FaultySensor(sensorRandom, 0.02, 0.0005, 3, p.sensorFaults),
    temperature: new FaultySensor(sensorRandom, 0.1, 0.002, 8, p.sensorFaults),
    ph: new FaultySensor(sensorRandom, 0.02, 0.0002, 1, p.sensorFaults),
  };
  let state = initialState(p);
  // A day of warm-up so the first reported hour is not the arbitrary initial state.
  for (let h = -24; h < 0; h++) state = step(state, h, p, random);
  const truth: WaterState[] = [];
  const reported: ReportedHour[] = [];
  for (let hour = 0; hour < p.hours; hour++) {
    state = step(state, hour, p, random);
    truth.push(state);
    reported.push({
      ts: p.start + hour * HOUR_MS,
      chlorine: round(Math.max(0, sensors.chlorine.read(state.chlorine, hour)), 3),
      turbidity: round(Math.max(0, sensors.turbidity.read(state.turbidity, hour)), 3),
      temperature: round(sensors.temperature.read(state.temperature, hour), 2),
      ph: round(sensors.ph.read(state.ph, hour), 3),
    });
  }
  return { params: p, truth, reported };
}

/** Whether the true chlorine falls below `limit` in any of the `horizon` hours after `hour`. */
export function trueOutcome(point: SimulatedPoint, hour: number, limit: number, horizon: number): boolean | undefined {
  if (hour + horizon >= point.truth.length) return undefined;
  for (let h = hour + 1; h <= hour + horizon; h++) if (point.truth[h]!.chlorine < limit) return true;
  return false;
}

/**
 * The true probability that chlorine falls below `limit` within `horizon` hours of
 * `hour`, given everything the water's state holds at `hour` (dose, faults, turbidity
 * event, anomalies, rain): the Bayes-optimal predictor, by `paths` simulations of the same
 * dynamics from that state (its own seed, so it never reuses the realised future).
 */
export function optimalProbability(point: SimulatedPoint, hour: number, limit: number, horizon: number, paths = 400): number {
  const random = seededRandom((point.params.seed * 7919 + hour * 104_729) | 0);
  const from = point.truth[hour]!;
  let below = 0;
  for (let path = 0; path < paths; path++) {
    let s = from;
    for (let h = hour + 1; h <= hour + horizon; h++) {
      s = step(s, h, point.params, random);
      if (s.chlorine < limit) {
        below++;
        break;
      }
    }
  }
  return below / paths;
}
