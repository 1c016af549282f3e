/**
 * A site's compliance over `[from, to)`: what the compliance route answers and the monthly
 * report prints. Steps:
 *   1. bound the range (at most 366 days) and read the site: one the caller may not see, or
 *      that does not exist, has no figures (as a list filtered on it: nothing is revealed);
 *   2. read its lab results taken in the range, its exceedances overlapping it, its sampling
 *      points and limit sets;
 *   3. for each sensor named at a sampling point of the site and measuring a parameter of the
 *      catalogue, read its hourly means from the telemetry store's rollups (UTC hours) and
 *      judge each hour's mean against the limit that applied that day at its point;
 *   4. sum them up per parameter (`complianceRows`).
 */
import { exceedancesOfSite } from '#adapters/dynamodb/exceedances-repository';
import { limitSetsOfSite } from '#adapters/dynamodb/limit-sets-repository';
import { samplesOfSite } from '#adapters/dynamodb/quality-samples-repository';
import { samplingPointsOfSite } from '#adapters/dynamodb/sampling-points-repository';
import { sensorsOfSite } from '#adapters/dynamodb/sensors-repository';
import { getSite } from '#adapters/dynamodb/sites-repository';
import { hourlyMeans } from '#adapters/telemetry/hourly-means';
import { refuseComplianceRange } from '#application/refusals';
import { canSeeClientData, type Principal } from '#domain/principal';
import { parameterOfSensorKind } from '#domain/quality/catalogue';
import { complianceRows, type ComplianceRow, type JudgedHour } from '#domain/quality/compliance';
import type { Exceedance } from '#domain/quality/exceedances';
import { applicableLimit, beyond, type AppliedLimit, type LimitSet } from '#domain/quality/limit-sets';
import type { Sample } from '#domain/quality/samples';
import type { Site } from '#domain/sites';

const DAY = 86_400_000;
export const MAX_COMPLIANCE_DAYS = 366;

export interface SiteCompliance {
  readonly site: Site | undefined;
  readonly from: number;
  readonly to: number;
  readonly rows: readonly ComplianceRow[];
  readonly samples: readonly Sample[];
  readonly exceedances: readonly Exceedance[];
}

export async function siteCompliance(who: Principal, siteId: string, from: number, to: number, now: Date): Promise<SiteCompliance> {
  if (!(from < to)) refuseComplianceRange('from must be before to', 'INVALID_RANGE');
  if (to - from > MAX_COMPLIANCE_DAYS * DAY) refuseComplianceRange(`at most ${MAX_COMPLIANCE_DAYS} days`, 'RANGE_TOO_LONG');
  const found = await getSite(who.tenantId, siteId);
  const site = found && canSeeClientData(who, found.clientId) ? found : undefined;
  if (!site) return { site, from, to, rows: [], samples: [], exceedances: [] };
  const [fromIso, toIso] = [new Date(from).toISOString(), new Date(to).toISOString()];
  const [samples, exceedances, points, sets, sensors] = await Promise.all([
    samplesOfSite(who.tenantId, siteId, fromIso, toIso),
    exceedancesOfSite(who.tenantId, siteId, fromIso, toIso),
    samplingPointsOfSite(who.tenantId, siteId),
    limitSetsOfSite(who.tenantId, siteId),
    sensorsOfSite(who.tenantId, siteId),
  ]);
  const hours: JudgedHour[] = [];
  for (const sensor of sensors) {
    const parameter = parameterOfSensorKind(sensor.kind);
    if (!parameter) continue;
    const point = points.find((p) => p.sensorIds.includes(sensor.id));
    if (!point) continue;
    const place = { siteId, samplingPointId: point.id, kind: point.kind };
    const limits = new Map<string, AppliedLimit | null>();
    const limitOn = (day: string) => (limits.has(day) ? limits.get(day)! : limits.set(day, applicableLimit(parameter.code, place, sets, day)).get(day)!);
    const series = await hourlyMeans(who.tenantId, sensor.id, from, to, 'UTC');
    for (const s of series.samples) {
      const limit = limitOn(new Date(s.ts).toISOString().slice(0, 10));
      const out = (['min', 'max'] as const).some((b) => limit?.[b] && beyond(b, limit[b]!.value, s.value));
      hours.push({ parameter: parameter.code, sensorId: sensor.id, ts: s.ts, outOfRange: out });
    }
  }
  const day = new Date(Math.min(to, now.getTime()) - 1).toISOString().slice(0, 10);
  const rows = complianceRows({ from, to, now: now.getTime(), samples, exceedances, hours, limitOf: (code) => siteLimit(code, siteId, sets, day) });
  return { site, from, to, rows, samples, exceedances };
}

const siteLimit = (code: string, siteId: string, sets: readonly LimitSet[], day: string) => applicableLimit(code, { siteId }, sets, day);
