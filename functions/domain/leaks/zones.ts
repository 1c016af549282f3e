/**
 * Zones (district metered areas): the part of the network whose net inflow the meters
 * at its boundary measure. Pure types, defaults and validation; the request schemas in
 * `lib/model/schemas/zones.ts` call these checks so the rules live in one place.
 */
import { canSeeClientData, type Principal } from '#domain/principal';
import { isValidTimeZone } from '#domain/telemetry/calendar';
import type { SensorKind } from '#domain/telemetry/types';

/**
 * Legitimate night use per service connection, litres per hour, when a zone names none.
 *
 * 1.7 L/connection/h is the household night-use figure commonly quoted from UK practice
 * (UK Water Industry Research / WRc, "Managing Leakage", 1994, Report E); we did not
 * re-read the report for this value. It agrees with the independent South African default
 * (McKenzie, SANFLOW, Water Research Commission 1999): 6 % of residents active in the night
 * hour, one 10 L cistern each, is 0.6 L/person/h, about 1.5 L/connection/h at 2.5 persons
 * per connection. Zones with hotels, hospitals or night industry must set their own.
 */
export const DEFAULT_LEGITIMATE_NIGHT_USE_L_PER_CONNECTION_PER_HOUR = 1.7;

/** The usual UK / IWA minimum-night-flow window, local time. */
export const DEFAULT_NIGHT_WINDOW: NightWindow = { start: '02:00', end: '04:00' };

export type MeterDirection = 'in' | 'out';

export interface ZoneMeter {
  readonly sensorId: string;
  /** `in` meters add to the zone's net inflow, `out` meters (exports to a neighbour) subtract. */
  readonly direction: MeterDirection;
}

/** Local wall-clock times `HH:MM`; `end` before `start` means the window crosses midnight. */
export interface NightWindow {
  readonly start: string;
  readonly end: string;
}

/** GeoJSON Polygon (RFC 7946 §3.1.6): rings of `[lon, lat]` (an optional altitude is allowed). */
export interface PolygonGeometry {
  readonly type: 'Polygon';
  readonly coordinates: ReadonlyArray<ReadonlyArray<readonly number[]>>;
}

/** What the leak domain needs of a zone. */
export interface ZoneSpec {
  readonly name: string;
  readonly siteId?: string | null;
  readonly boundary: PolygonGeometry;
  readonly meters: readonly ZoneMeter[];
  readonly pressureSensorIds: readonly string[];
  /** Number of service connections (Nc of the UARL formula). */
  readonly serviceConnections: number;
  /** Length of mains, km (Lm of the UARL formula). */
  readonly mainsLengthKm: number;
  /** Total length of private pipe from the property boundary to the customer meters, km (Lp); 0 when meters sit at the boundary. */
  readonly connectionsLengthKm?: number | null;
  /** Average zone pressure, metres of head. */
  readonly averagePressureM?: number | null;
  /** Pressure transients swinging more than this (metres of head, peak to trough) raise an alert; null: the transient rule's limit. */
  readonly transientLimitM?: number | null;
  /** IANA time zone whose local nights the analysis follows. */
  readonly timezone: string;
  readonly nightWindow: NightWindow;
  readonly legitimateNightUseLPerConnectionPerHour: number;
}

/** One problem with a zone's input: where (a JSON path) and what. */
export interface ZoneIssue {
  readonly path: string;
  readonly message: string;
}

/** A JSON path of parts, skipping an empty base. */
const join = (...parts: ReadonlyArray<string | number>): string => parts.filter((p) => p !== '').join('.');

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after local midnight of an `HH:MM` time, or `undefined` if malformed. */
export function minutesOfDay(hhmm: string): number | undefined {
  const m = HHMM.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** Wall-clock length of a night window in minutes (crossing midnight when end < start). */
export function nightWindowMinutes(window: NightWindow): number {
  const start = minutesOfDay(window.start);
  const end = minutesOfDay(window.end);
  if (start === undefined || end === undefined) return 0;
  return (end - start + 1440) % 1440;
}

/** The minimum-night-flow method needs at least one full hour, and a night is not longer than 8 hours. */
export const MIN_NIGHT_WINDOW_MINUTES = 60;
export const MAX_NIGHT_WINDOW_MINUTES = 8 * 60;

/** Problems with a night window, empty when valid. */
export function nightWindowIssues(window: NightWindow, path = 'nightWindow'): ZoneIssue[] {
  const issues: ZoneIssue[] = [];
  if (minutesOfDay(window.start) === undefined) issues.push({ path: join(path, 'start'), message: 'must be a local time HH:MM' });
  if (minutesOfDay(window.end) === undefined) issues.push({ path: join(path, 'end'), message: 'must be a local time HH:MM' });
  if (issues.length > 0) return issues;
  const minutes = nightWindowMinutes(window);
  if (minutes < MIN_NIGHT_WINDOW_MINUTES || minutes > MAX_NIGHT_WINDOW_MINUTES) {
    issues.push({ path: join(path, 'end'), message: `the window must last between 1 and 8 hours (it lasts ${minutes} minutes)` });
  }
  return issues;
}

/** Bounds that keep a boundary cheap to store and to test points against. */
export const MAX_RINGS = 100;
export const MAX_POSITIONS = 10_000;

/** Twice the signed area of a ring in degree² (shoelace); 0 for a degenerate ring. */
function ringArea2(ring: ReadonlyArray<readonly number[]>): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[i + 1]!;
    sum += x1! * y2! - x2! * y1!;
  }
  return sum;
}

/**
 * Problems with a GeoJSON Polygon, empty when valid: every ring has at least 4 positions
 * and is closed (last equals first), positions are [lon, lat(, alt)] within range, and no
 * ring is degenerate (zero area). Self-intersection is not checked.
 */
export function polygonIssues(polygon: PolygonGeometry, path = 'boundary'): ZoneIssue[] {
  const issues: ZoneIssue[] = [];
  if (polygon.type !== 'Polygon') return [{ path: join(path, 'type'), message: 'must be "Polygon"' }];
  const rings = polygon.coordinates;
  if (!Array.isArray(rings) || rings.length === 0) return [{ path: join(path, 'coordinates'), message: 'must hold at least one linear ring' }];
  if (rings.length > MAX_RINGS) return [{ path: join(path, 'coordinates'), message: `at most ${MAX_RINGS} rings` }];
  const total = rings.reduce((n, ring) => n + (Array.isArray(ring) ? ring.length : 0), 0);
  if (total > MAX_POSITIONS) return [{ path: join(path, 'coordinates'), message: `at most ${MAX_POSITIONS} positions in all` }];
  rings.forEach((ring, r) => {
    const at = join(path, 'coordinates', r);
    if (!Array.isArray(ring) || ring.length < 4) {
      issues.push({ path: at, message: 'a linear ring needs at least 4 positions' });
      return;
    }
    let positionsOk = true;
    ring.forEach((position, p) => {
      const [lon, lat] = position;
      if (!Array.isArray(position) || position.length < 2 || position.length > 3 || !position.every(Number.isFinite)) {
        issues.push({ path: join(at, p), message: 'a position is [longitude, latitude] or [longitude, latitude, altitude]' });
        positionsOk = false;
      } else if (lon! < -180 || lon! > 180) {
        issues.push({ path: join(at, p, 0), message: 'longitude must be within [-180, 180]' });
        positionsOk = false;
      } else if (lat! < -90 || lat! > 90) {
        issues.push({ path: join(at, p, 1), message: 'latitude must be within [-90, 90]' });
        positionsOk = false;
      }
    });
    if (!positionsOk) return;
    const first = ring[0]!;
    const last = ring[ring.length - 1]!;
    if (first[0] !== last[0] || first[1] !== last[1]) issues.push({ path: at, message: 'a linear ring must be closed: its last position equals its first' });
    else if (ringArea2(ring) === 0) issues.push({ path: at, message: 'a linear ring must enclose an area' });
  });
  return issues;
}

/** Problems with a zone's flow meters, empty when valid: at least one inflow, no sensor twice. */
export function meterIssues(meters: readonly ZoneMeter[]): ZoneIssue[] {
  const issues: ZoneIssue[] = [];
  if (!meters.some((m) => m.direction === 'in')) issues.push({ path: 'meters', message: 'a zone needs at least one inflow ("in") meter' });
  const seen = new Set<string>();
  meters.forEach((m, i) => {
    if (seen.has(m.sensorId)) issues.push({ path: join('meters', i, 'sensorId'), message: `sensor ${m.sensorId} is listed twice` });
    seen.add(m.sensorId);
  });
  return issues;
}

/** Problems with a zone's pressure sensors, empty when valid: no sensor twice. */
export function pressureSensorIssues(ids: readonly string[]): ZoneIssue[] {
  const seen = new Set<string>();
  return ids.flatMap((id, i) => {
    const twice = seen.has(id);
    seen.add(id);
    return twice ? [{ path: join('pressureSensorIds', i), message: `sensor ${id} is listed twice` }] : [];
  });
}

/** Every problem with a zone, empty when it is valid. */
export function zoneIssues(zone: ZoneSpec): ZoneIssue[] {
  const issues = [...polygonIssues(zone.boundary), ...meterIssues(zone.meters), ...pressureSensorIssues(zone.pressureSensorIds), ...nightWindowIssues(zone.nightWindow)];
  if (!isValidTimeZone(zone.timezone)) issues.push({ path: 'timezone', message: 'must be an IANA time zone such as Europe/Paris' });
  if (!Number.isInteger(zone.serviceConnections) || zone.serviceConnections < 0) issues.push({ path: 'serviceConnections', message: 'must be a whole number >= 0' });
  if (!(zone.mainsLengthKm > 0)) issues.push({ path: 'mainsLengthKm', message: 'must be > 0' });
  if (zone.connectionsLengthKm != null && !(zone.connectionsLengthKm >= 0)) issues.push({ path: 'connectionsLengthKm', message: 'must be >= 0' });
  if (zone.averagePressureM != null && !(zone.averagePressureM > 0)) issues.push({ path: 'averagePressureM', message: 'must be > 0' });
  if (zone.transientLimitM != null && !(zone.transientLimitM > 0)) issues.push({ path: 'transientLimitM', message: 'must be > 0' });
  if (!(zone.legitimateNightUseLPerConnectionPerHour >= 0)) issues.push({ path: 'legitimateNightUseLPerConnectionPerHour', message: 'must be >= 0' });
  return issues;
}

// ── The zone as a resource ──────────────────────────────────────────────────

/** A stored zone: its spec, where it sits (site, and the site's client) and its version. */
export interface Zone extends ZoneSpec {
  readonly id: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly siteId: string | null;
  /** The client of the zone's site; a zone without a site belongs to no client. */
  readonly clientId: string | null;
  readonly connectionsLengthKm: number | null;
  readonly averagePressureM: number | null;
  readonly transientLimitM: number | null;
}

/** A new zone as the request gives it (defaults already applied by the schema). */
export type NewZone = Omit<ZoneSpec, 'siteId'> & { readonly siteId?: string };

/** A partial change; `null` clears an optional field. */
export type ZonePatch = Partial<Omit<ZoneSpec, 'siteId' | 'connectionsLengthKm' | 'averagePressureM' | 'transientLimitM'>> & {
  readonly siteId?: string | null;
  readonly connectionsLengthKm?: number | null;
  readonly averagePressureM?: number | null;
  readonly transientLimitM?: number | null;
};

/** A zone as first stored: version 1, optional fields made explicit. */
export function newZone(id: string, input: NewZone, clientId: string | null, now: string): Zone {
  return {
    ...input,
    id,
    version: 1,
    createdAt: now,
    updatedAt: now,
    siteId: input.siteId ?? null,
    clientId,
    connectionsLengthKm: input.connectionsLengthKm ?? null,
    averagePressureM: input.averagePressureM ?? null,
    transientLimitM: input.transientLimitM ?? null,
  };
}

/** The zone after `patch`, one version on; `clientId` is the client of its (possibly new) site. */
export function applyZonePatch(zone: Zone, patch: ZonePatch, clientId: string | null, now: string): Zone {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  return { ...zone, ...defined, clientId, version: zone.version + 1, updatedAt: now };
}

export const canSeeZone = (principal: Principal, zone: Pick<Zone, 'clientId'>): boolean => canSeeClientData(principal, zone.clientId);

/** What the sensor check needs of a sensor the zone names. */
export interface ZoneSensorFacts {
  readonly kind: SensorKind;
  readonly clientId: string | null;
}

/**
 * Why a zone's sensors are refused: one names no sensor the caller can see, one is not of
 * the kind its role needs (meters measure flow, pressure sensors pressure), or one belongs
 * to another client than the zone (the zone's client users would read its data).
 */
export interface ZoneSensorRefusal {
  readonly kind: 'unknown_sensor' | 'wrong_sensor_kind' | 'sensor_of_another_client';
  readonly errors: readonly ZoneIssue[];
}

/**
 * Checks a zone's meters and pressure sensors against what is stored: each must be a sensor
 * of the tenant visible to `who` (`found` holds the sensors that exist, by id), of kind `flow`
 * (meters) or `pressure`, and, when the zone belongs to a client, of that client. Answers the
 * first kind of refusal met, in that order, with every offending path; undefined when all pass.
 */
export function zoneSensorRefusal(
  zone: Pick<ZoneSpec, 'meters' | 'pressureSensorIds'> & { readonly clientId: string | null },
  found: ReadonlyMap<string, ZoneSensorFacts>,
  who: Principal,
): ZoneSensorRefusal | undefined {
  const named = [
    ...zone.meters.map((m, i) => ({ id: m.sensorId, path: join('meters', i, 'sensorId'), kind: 'flow' as const })),
    ...zone.pressureSensorIds.map((id, i) => ({ id, path: join('pressureSensorIds', i), kind: 'pressure' as const })),
  ];
  const unknown = named.filter((n) => {
    const sensor = found.get(n.id);
    return !sensor || !canSeeClientData(who, sensor.clientId);
  });
  if (unknown.length > 0) return { kind: 'unknown_sensor', errors: unknown.map((n) => ({ path: n.path, message: `no sensor ${n.id}` })) };
  const wrongKind = named.filter((n) => found.get(n.id)!.kind !== n.kind);
  if (wrongKind.length > 0) {
    return { kind: 'wrong_sensor_kind', errors: wrongKind.map((n) => ({ path: n.path, message: `sensor ${n.id} measures ${found.get(n.id)!.kind}, not ${n.kind}` })) };
  }
  const foreign = zone.clientId === null ? [] : named.filter((n) => found.get(n.id)!.clientId !== zone.clientId);
  if (foreign.length > 0) {
    return { kind: 'sensor_of_another_client', errors: foreign.map((n) => ({ path: n.path, message: `sensor ${n.id} is not on a site of the zone's client` })) };
  }
  return undefined;
}

/** Every sensor a zone names, meters first, each once. */
export const zoneSensorIds = (zone: Pick<ZoneSpec, 'meters' | 'pressureSensorIds'>): string[] => [...new Set([...zone.meters.map((m) => m.sensorId), ...zone.pressureSensorIds])];

// ── The night-flow range ────────────────────────────────────────────────────

/** Nights one night-flow request may cover at most (a year: the detector's seasons, bounded reads). */
export const MAX_NIGHT_FLOW_RANGE_DAYS = 366;
/** Nights answered when the request names no `from`. */
export const DEFAULT_NIGHT_FLOW_RANGE_DAYS = 28;

export type NightFlowRange = { readonly ok: true; readonly from: number; readonly to: number } | { readonly ok: false; readonly refusal: NightFlowRangeRefusal };

export interface NightFlowRangeRefusal {
  readonly kind: 'empty_range' | 'range_too_long';
  readonly message: string;
}

/** The range of a night-flow request: `to` defaults to now, `from` to {@link DEFAULT_NIGHT_FLOW_RANGE_DAYS} before `to`. */
export function nightFlowRange(from: number | undefined, to: number | undefined, now: number): NightFlowRange {
  const end = to ?? now;
  const start = from ?? end - DEFAULT_NIGHT_FLOW_RANGE_DAYS * 86_400_000;
  if (!(start < end)) return { ok: false, refusal: { kind: 'empty_range', message: 'from must be before to' } };
  if (end - start > MAX_NIGHT_FLOW_RANGE_DAYS * 86_400_000) {
    return { ok: false, refusal: { kind: 'range_too_long', message: `the range may cover at most ${MAX_NIGHT_FLOW_RANGE_DAYS} days` } };
  }
  return { ok: true, from: start, to: end };
}
