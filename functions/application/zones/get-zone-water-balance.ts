import { zoneConsumption } from '#adapters/dynamodb/consumption-repository';
import { hourlyMeans } from '#adapters/telemetry/hourly-means';
import { refuseNightFlowRange } from '#application/refusals';
import { consumptionInRange, earliestOverlappingStart, systemInput, type ConsumptionInRange, type SystemInput } from '#domain/leaks/consumption';
import { waterBalance, type WaterBalance } from '#domain/leaks/water-balance';
import { nightFlowRange, type Zone } from '#domain/leaks/zones';
import type { Principal } from '#domain/principal';
import { getZone } from './get-zone';

const DAY = 86_400_000;

export interface ZoneWaterBalance {
  readonly zone: Zone;
  readonly from: number;
  readonly to: number;
  readonly balance: WaterBalance;
  /** The data each figure came from. */
  readonly systemInput: SystemInput;
  readonly consumption: ConsumptionInRange;
}

/**
 * A zone's IWA/AWWA water balance over `[from, to)`. Steps:
 *   1. load the zone visible to the caller (NotFound);
 *   2. bound the range as the night flow does: `to` defaults to now, `from` to 28 days
 *      before; empty or longer than 366 days is refused (400 INVALID_RANGE / RANGE_TOO_LONG);
 *   3. read each meter's hourly means in the zone's time zone (the night flow's reading,
 *      `hourlyMeans`) and take the system input volume from the hours every meter covered
 *      (pure `systemInput`; its completeness is passed on, so a gap is extrapolated and
 *      flagged estimated);
 *   4. read the zone's imported consumption whose periods may reach the range and prorate
 *      it to the range (pure `consumptionInRange`);
 *   5. compute the balance (pure `waterBalance`: NRW, apparent losses with their documented
 *      default percentages, real losses, Lambert's UARL and the ILI from the zone's mains
 *      length, connections and average pressure), each figure measured or estimated.
 */
export async function getZoneWaterBalance(who: Principal, id: string, requested: { from?: number; to?: number }, now: Date): Promise<ZoneWaterBalance> {
  const zone = await getZone(who, id);
  const range = nightFlowRange(requested.from, requested.to, now.getTime());
  if (!range.ok) return refuseNightFlowRange(range.refusal);
  const { from, to } = range;
  const [series, rows] = await Promise.all([
    Promise.all(zone.meters.map(async (m) => ({ ...(await hourlyMeans(who.tenantId, m.sensorId, from, to, zone.timezone)), direction: m.direction }))),
    zoneConsumption(who.tenantId, zone.id, earliestOverlappingStart(from), new Date(to).toISOString().slice(0, 10)),
  ]);
  const input = systemInput(series, from, to);
  const consumption = consumptionInRange(rows, from, to);
  const balance = waterBalance({
    periodDays: (to - from) / DAY,
    systemInputVolumeM3: Math.max(0, input.m3),
    // No complete hour at all: the balance has no system input to extrapolate from (a tiny share keeps the figure finite and flagged estimated).
    systemInputCompleteness: Math.max(input.completeness, Number.EPSILON),
    billedMeteredM3: consumption.billedMeteredM3,
    billedUnmeteredM3: consumption.billedUnmeteredM3,
    unbilledMeteredM3: consumption.unbilledMeteredM3,
    ...(consumption.unbilledUnmeteredM3 > 0 ? { unbilledUnmeteredM3: consumption.unbilledUnmeteredM3 } : {}),
    mainsLengthKm: zone.mainsLengthKm,
    serviceConnections: zone.serviceConnections,
    connectionsLengthKm: zone.connectionsLengthKm,
    averagePressureM: zone.averagePressureM,
  });
  return { zone, from, to, balance, systemInput: input, consumption };
}
