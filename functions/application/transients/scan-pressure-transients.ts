import { ulid } from 'ulid';
import { rulesWatching } from '#adapters/dynamodb/alert-rules-repository';
import { commitTransition } from '#adapters/dynamodb/alert-transitions';
import { getPairState, StalePairState } from '#adapters/dynamodb/alerts-repository';
import { getAsset } from '#adapters/dynamodb/assets-repository';
import { getSensor } from '#adapters/dynamodb/sensors-repository';
import { getZone } from '#adapters/dynamodb/zones-repository';
import { refuseLeakAnalysis, refuseNotPressureSensor } from '#application/refusals';
import { visibleOrNotFound } from '#application/visible';
import type { TransientCondition } from '#domain/alerts/rules';
import { LeakAnalysisError } from '#domain/leaks/errors';
import { METRES_PER_BAR, transientLimit, transientTransition, type TransientLimit } from '#domain/leaks/transient-alerts';
import { scanTransients, type TransientScan } from '#domain/leaks/transients';
import { canSeeClientData, type Principal } from '#domain/principal';
import { VersionConflict } from '#platform/errors';

export interface TransientBurst {
  readonly startAt: string;
  readonly sampleRateHz: number;
  readonly unit: 'bar' | 'm';
  readonly values: readonly number[];
}

type AlertOutcome = { readonly id: string; readonly status: 'raised' | 'already_open' | 'cleared' } | null;

/**
 * Scans a pressure sensor's high-rate burst for transients. Steps:
 *   1. read the sensor the caller can see (404): a `pressure` sensor (422 WRONG_SENSOR_KIND);
 *   2. find its zone through its asset, for the zone's `transientLimitM`;
 *   3. scan the burst, in metres of head (422 INVALID_SERIES);
 *   4. for each enabled transient rule watching the sensor (the default one unless the
 *      tenant disabled it): raise its alert when an event exceeds the limit and none is
 *      open, clear it when none does (`transientTransition`), committed as readings' are
 *      (a concurrent change of the pair is a VersionConflict: the route runs again on a
 *      fresh read);
 *   5. answer the events, the limit and what happened to the alert.
 */
export async function scanPressureTransients(who: Principal, sensorId: string, burst: TransientBurst, now = new Date()) {
  const sensor = visibleOrNotFound(await getSensor(who.tenantId, sensorId), (s) => canSeeClientData(who, s.clientId), 'Sensor', sensorId);
  if (sensor.kind !== 'pressure') refuseNotPressureSensor(sensorId, sensor.kind);
  const asset = sensor.assetId ? await getAsset(who.tenantId, sensor.assetId) : undefined;
  const zone = asset?.zoneId ? await getZone(who.tenantId, asset.zoneId) : undefined;
  const factor = burst.unit === 'bar' ? METRES_PER_BAR : 1;
  let scan: TransientScan;
  try {
    scan = scanTransients(burst.values.map((v) => v * factor), { sampleRateHz: burst.sampleRateHz });
  } catch (error) {
    if (error instanceof LeakAnalysisError) refuseLeakAnalysis(error, 'values');
    throw error;
  }
  const startMs = Date.parse(burst.startAt);
  const endMs = startMs + Math.round(((burst.values.length - 1) / burst.sampleRateHz) * 1000);
  const rules = (await rulesWatching(who.tenantId, { sensorId: sensor.id, siteId: sensor.siteId, kind: sensor.kind })).filter((r) => r.condition.type === 'transient');
  let limit: TransientLimit | null = null;
  let alert: AlertOutcome = null;
  for (const rule of rules) {
    const condition = rule.condition as TransientCondition;
    const applied = transientLimit(condition, zone?.transientLimitM);
    limit ??= applied;
    const stored = await getPairState(who.tenantId, rule.id, sensor.id);
    const transition = transientTransition(condition, stored, scan.events, applied, startMs, endMs, ulid);
    if (!transition) {
      if (stored?.openAlertId && scan.events.some((e) => e.amplitudeM > applied.limitM)) alert ??= { id: stored.openAlertId, status: 'already_open' };
      continue;
    }
    const sensorFacts = { sensorId: sensor.id, siteId: sensor.siteId, kind: sensor.kind, clientId: sensor.clientId };
    try {
      await commitTransition(who.tenantId, rule, sensorFacts, transition, stored?.version ?? 0, now);
    } catch (error) {
      if (error instanceof StalePairState) throw new VersionConflict('The transient alert of this sensor changed meanwhile; scan again');
      throw error;
    }
    alert ??= { id: transition.alertId, status: transition.kind === 'raise' ? 'raised' : 'cleared' };
  }
  return {
    sensorId: sensor.id,
    zoneId: zone?.id ?? null,
    limitM: limit?.limitM ?? null,
    limitSource: limit?.source ?? null,
    noiseSigmaM: scan.noiseSigmaM,
    thresholdM: scan.thresholdM,
    events: scan.events.map(({ startS, ...event }) => ({
      at: new Date(startMs + Math.round(startS * 1000)).toISOString(),
      ...event,
      overLimit: limit !== null && event.amplitudeM > limit.limitM,
    })),
    alert,
  };
}
