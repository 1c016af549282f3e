/**
 * A seeded fleet simulator for the asset-failure model (`asset_failure_predictor`): assets
 * of a few types, their sensors and their work orders over the years, generated from a
 * known daily hazard, so the best possible predictor is known. Pure and seeded: the same
 * seed gives the same fleet (tests, `bench:ai`, the default model's provenance).
 *
 * The daily probability of a fault (a corrective work order) of an asset is
 *
 *   h(d) = base(type) · (age / 10 y)^(shape - 1) · exp(0.25 · (pressure - 5 bar)) · exp(0.6 · (vibration(d) - 2.5 mm/s))
 *          · (0.5 + min(1, days since preventive maintenance / 365)) · (1 + 2 · exp(-days since the last fault / 30))
 *
 * capped at 0.5: wear-out with age (Weibull shape 2.2), a pressure effect (each asset
 * runs at its own mean pressure), vibration that grows as maintenance ages, maintenance
 * lowering the hazard (a freshly maintained asset runs at half the hazard of one a year
 * overdue), and repeat faults in the weeks after a repair. Preventive work orders come at
 * each asset's interval (some assets have none); sensors report 30-day means with noise;
 * some assets have no pressure or vibration sensor.
 */
import { gaussian, seededRandom } from '#domain/leaks/robust';
import { failsWithin, inputsAt, type TelemetryMeans, type WorkOrderEvent } from '#domain/asset-risk/features';
import type { RiskExample } from '#domain/asset-risk/model';

const DAY = 86_400_000;
const YEAR = 365.25 * DAY;
const SHAPE = 2.2;

export const FLEET_TYPES = [
  { type: 'pump', base: 0.0012, vibration: true, runHours: true },
  { type: 'valve', base: 0.0005, vibration: false, runHours: false },
  { type: 'hydrant', base: 0.0003, vibration: false, runHours: false },
  { type: 'meter', base: 0.0004, vibration: false, runHours: false },
] as const;

export interface SimulatedAsset {
  readonly id: string;
  readonly type: string;
  readonly installedAt: number;
  readonly pressureBar: number;
  readonly vibrationBase: number;
  readonly runHoursPerDay: number;
  readonly hasPressure: boolean;
  readonly hasVibration: boolean;
  /** Days between preventive work orders; null: none planned. */
  readonly preventiveEveryDays: number | null;
}

export interface SimulatedFleet {
  readonly seed: number;
  readonly start: number;
  readonly days: number;
  readonly assets: readonly SimulatedAsset[];
  /** Per asset, its work orders (corrective ones opened on a fault, preventive ones done on schedule). */
  readonly workOrders: ReadonlyMap<string, readonly WorkOrderEvent[]>;
  /** Per asset, its true daily hazard, vibration, and hazard without the repeat-fault term (index: day since `start`). */
  readonly truth: ReadonlyMap<string, { readonly hazard: readonly number[]; readonly vibration: readonly number[]; readonly common: readonly number[] }>;
}

export const FLEET_START = Date.UTC(2022, 0, 1);

/** A fleet of `size` assets over `days` days from 2022-01-01. */
export function simulateFleet(seed: number, size = 150, days = 4 * 365): SimulatedFleet {
  const random = seededRandom(seed);
  const start = FLEET_START;
  const assets: SimulatedAsset[] = [];
  for (let i = 0; i < size; i++) {
    const kind = FLEET_TYPES[Math.floor(random() * FLEET_TYPES.length)]!;
    assets.push({
      id: `sim-${seed}-${String(i).padStart(4, '0')}`,
      type: kind.type,
      installedAt: start - (1 + random() * 29) * YEAR,
      pressureBar: 5 + 1.2 * gaussian(random),
      vibrationBase: 1.5 + 0.8 * random(),
      runHoursPerDay: kind.runHours ? 4 + 16 * random() : 0,
      hasPressure: random() < 0.7,
      hasVibration: kind.vibration && random() < 0.8,
      preventiveEveryDays: random() < 0.25 ? null : [90, 180, 365][Math.floor(random() * 3)]!,
    });
  }
  const workOrders = new Map<string, WorkOrderEvent[]>();
  const truth = new Map<string, { hazard: number[]; vibration: number[]; common: number[] }>();
  for (const a of assets) {
    const base = FLEET_TYPES.find((k) => k.type === a.type)!.base;
    const events: WorkOrderEvent[] = [];
    const hazard: number[] = [];
    const commonHazard: number[] = [];
    const vibration: number[] = [];
    // Preventive maintenance before the window: a random phase within the interval.
    let lastPreventive = a.preventiveEveryDays === null ? -400 : -Math.floor(random() * a.preventiveEveryDays);
    let lastFault = -1000;
    for (let d = 0; d < days; d++) {
      if (a.preventiveEveryDays !== null && d - lastPreventive >= a.preventiveEveryDays) {
        lastPreventive = d;
        const at = start + d * DAY + 10 * 3_600_000;
        events.push({ type: 'preventive', openedAt: at - 2 * DAY, completedAt: at });
      }
      const sincePm = d - lastPreventive;
      const ageYears = (start + d * DAY - a.installedAt) / YEAR;
      const vib = a.vibrationBase + 1.5 * Math.min(1, sincePm / 365);
      const common = base * (ageYears / 10) ** (SHAPE - 1) * Math.exp(0.25 * (a.pressureBar - 5)) * Math.exp(0.6 * (vib - 2.5)) * (0.5 + Math.min(1, sincePm / 365));
      const h = Math.min(0.5, common * (1 + 2 * Math.exp(-(d - lastFault) / 30)));
      hazard.push(h);
      commonHazard.push(common);
      vibration.push(vib);
      if (random() < h) {
        lastFault = d;
        const at = start + d * DAY + Math.floor(random() * DAY);
        events.push({ type: 'corrective', openedAt: at, completedAt: at + DAY });
      }
    }
    workOrders.set(a.id, events);
    truth.set(a.id, { hazard, vibration, common: commonHazard });
  }
  return { seed, start, days, assets, workOrders, truth };
}

/** The sensor means of the 30 days before `t`, as the asset's sensors would report them (noisy; null without the sensor). */
export function fleetTelemetry(fleet: SimulatedFleet, asset: SimulatedAsset, t: number): TelemetryMeans {
  const random = seededRandom((fleet.seed * 31 + Number(asset.id.slice(-4)) * 7919 + Math.floor(t / DAY)) | 0);
  const d = Math.floor((t - fleet.start) / DAY);
  const vib = fleet.truth.get(asset.id)!.vibration;
  const days = vib.slice(Math.max(0, d - 30), Math.max(1, d));
  return {
    pressureBar: asset.hasPressure ? asset.pressureBar + 0.2 * gaussian(random) : null,
    vibrationMmS: asset.hasVibration && days.length ? days.reduce((s, v) => s + v, 0) / days.length + 0.15 * gaussian(random) : null,
    runHoursPerDay: asset.type === 'pump' ? asset.runHoursPerDay + 0.5 * gaussian(random) : null,
  };
}

/**
 * The true probability of a corrective work order in `(t, t + horizonDays]` given the
 * history to `t`: one minus the chance of surviving each day's hazard had no fault occurred
 * after `t` (the repeat-fault term of the faults before `t` decaying as known; preventive
 * maintenance on schedule). `t` is a day's start (the snapshots' times).
 */
export function optimalFailureProbability(fleet: SimulatedFleet, assetId: string, t: number, horizonDays: number): number {
  const { common } = fleet.truth.get(assetId)!;
  const d0 = Math.floor((t - fleet.start) / DAY);
  const before = fleet.workOrders.get(assetId)!.filter((w) => w.type === 'corrective' && w.openedAt <= t);
  const lastFault = before.length ? Math.floor((before[before.length - 1]!.openedAt - fleet.start) / DAY) : -1000;
  let survive = 1;
  for (let d = d0; d < d0 + horizonDays && d < common.length; d++) survive *= 1 - Math.min(0.5, common[d]! * (1 + 2 * Math.exp(-(d - lastFault) / 30)));
  return 1 - survive;
}

/** Assets × monthly snapshots of a fleet, from `fromDay` on, whose horizon ends before the fleet's end. */
export function fleetSnapshots(fleet: SimulatedFleet, horizonDays: number, fromDay = 365) {
  const out: { asset: SimulatedAsset; t: number }[] = [];
  for (let d = fromDay; d + horizonDays < fleet.days; d += 30) for (const asset of fleet.assets) out.push({ asset, t: fleet.start + d * DAY });
  return out;
}

/** The fleet's monthly snapshots as the model's examples (inputs known at `t`, outcome within the horizon). */
export function fleetExamples(fleet: SimulatedFleet, horizonDays: number, fromDay = 365): RiskExample[] {
  return fleetSnapshots(fleet, horizonDays, fromDay).map(({ asset, t }) => {
    const history = fleet.workOrders.get(asset.id)!;
    return { assetId: asset.id, t, inputs: inputsAt(asset, history, fleetTelemetry(fleet, asset, t), t), fails: failsWithin(history, t, horizonDays) };
  });
}
