import { hourlyMeans } from '#adapters/telemetry/hourly-means';
import { refuseNightFlowRange } from '#application/refusals';
import { DEFAULT_DETECTOR_PARAMS, detectLeaks, markSuspectedNights } from '#domain/leaks/detector';
import { nightFlow, type NightFlowRow } from '#domain/leaks/night-flow';
import { nightFlowRange, type Zone } from '#domain/leaks/zones';
import type { Principal } from '#domain/principal';
import { getZone } from './get-zone';

const DAY = 86_400_000;

export interface ZoneNightFlow {
  readonly zone: Zone;
  readonly from: number;
  readonly to: number;
  readonly nights: readonly NightFlowRow[];
}

/**
 * A zone's night flow, one row per local night whose window lies in `[from, to)`. Steps:
 *   1. load the zone visible to the caller (NotFound);
 *   2. bound the range: `to` defaults to now, `from` to 28 days before; empty or longer than
 *      366 days is refused (400 INVALID_RANGE / RANGE_TOO_LONG);
 *   3. read the hourly means of every meter and pressure sensor in the zone's time zone, from
 *      the detector's baseline span (56 nights) before `from` through `to`;
 *   4. compute each night's minimum night flow, legitimate use and leakage (pure `nightFlow`);
 *   5. run the CUSUM detector (`detectLeaks`) over the whole line, so the requested nights are
 *      judged against the zone's own earlier nights, and mark the nights of leak events
 *      `leak_suspected` (a night without data stays `insufficient_data`);
 *   6. answer the nights from `from` on.
 */
export async function getZoneNightFlow(who: Principal, id: string, requested: { from?: number; to?: number }, now: Date): Promise<ZoneNightFlow> {
  const zone = await getZone(who, id);
  const range = nightFlowRange(requested.from, requested.to, now.getTime());
  if (!range.ok) return refuseNightFlowRange(range.refusal);
  const readFrom = range.from - DEFAULT_DETECTOR_PARAMS.baselineNights * DAY;
  const read = (sensorId: string) => hourlyMeans(who.tenantId, sensorId, readFrom, range.to, zone.timezone);
  const [meters, pressure] = await Promise.all([Promise.all(zone.meters.map((m) => read(m.sensorId))), Promise.all(zone.pressureSensorIds.map(read))]);
  const rows = nightFlow(zone, meters, readFrom, range.to, pressure);
  const marked = markSuspectedNights(rows, detectLeaks(rows));
  return { zone, from: range.from, to: range.to, nights: marked.filter((row) => row.windowStart >= range.from) };
}
