/**
 * Zones (district metered areas): the part of the network whose net inflow the meters
 * at its boundary measure. Pure types, defaults and validation; the request schemas in
 * `lib/model/schemas/zones.ts` call these checks so the rules live in one place.
 */
import { isValidTimeZone } from '#domain/telemetry/calendar';

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
  if (!(zone.legitimateNightUseLPerConnectionPerHour >= 0)) issues.push({ path: 'legitimateNightUseLPerConnectionPerHour', message: 'must be >= 0' });
  return issues;
}
