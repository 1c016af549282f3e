import { refuseNightFlowRange } from '#application/refusals';
import { DEFAULT_DETECTOR_PARAMS, detectLeaks, markSuspectedNights, type LeakEvent, type NightDecision } from '#domain/leaks/detector';
import type { NightFlowRow } from '#domain/leaks/night-flow';
import { nightFlowRange, type Zone } from '#domain/leaks/zones';
import type { Principal } from '#domain/principal';
import { getZone } from './get-zone';
import { zoneNightLine } from './zone-night-line';

const DAY = 86_400_000;

export interface ZoneNightFlow {
  readonly zone: Zone;
  readonly from: number;
  readonly to: number;
  readonly nights: readonly NightFlowRow[];
  /** The detector's judgement of each of `nights` (baseline, threshold), in the same order. */
  readonly decisions: readonly NightDecision[];
  /** The leak events overlapping the range. */
  readonly events: readonly LeakEvent[];
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
 *   6. answer the nights from `from` on, with the detector's judgement of each and the leak
 *      events that overlap them.
 */
export async function getZoneNightFlow(who: Principal, id: string, requested: { from?: number; to?: number }, now: Date): Promise<ZoneNightFlow> {
  const zone = await getZone(who, id);
  const range = nightFlowRange(requested.from, requested.to, now.getTime());
  if (!range.ok) return refuseNightFlowRange(range.refusal);
  const readFrom = range.from - DEFAULT_DETECTOR_PARAMS.baselineNights * DAY;
  const rows = await zoneNightLine(who.tenantId, zone, readFrom, range.to);
  const detection = detectLeaks(rows);
  const first = rows.findIndex((row) => row.windowStart >= range.from);
  const shown = first < 0 ? rows.length : first;
  const nights = markSuspectedNights(rows, detection).slice(shown);
  const firstNight = nights[0]?.night;
  const events = firstNight === undefined ? [] : detection.events.filter((e) => e.clearedNight === null || e.clearedNight >= firstNight);
  return { zone, from: range.from, to: range.to, nights, decisions: detection.nights.slice(shown), events };
}

const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The night flow as the API answers it (REST and GraphQL): instants as ISO 8601. */
export function nightFlowAnswer({ zone, from, to, nights }: ZoneNightFlow) {
  return {
    zoneId: zone.id,
    timezone: zone.timezone,
    nightWindow: zone.nightWindow,
    from: isoOrNull(from),
    to: isoOrNull(to),
    nights: nights.map((row) => ({ ...row, windowStart: isoOrNull(row.windowStart), windowEnd: isoOrNull(row.windowEnd), minimumAt: isoOrNull(row.minimumAt) })),
  };
}
