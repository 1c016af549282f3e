/**
 * Evaluate one telemetry event (from the IoT rule or HTTP ingest) against every enabled
 * rule watching its sensor: the alert evaluator worker's use case.
 *
 * Steps:
 *   1. look the sensor up in the sensor directory (the message carries no tenant, so the
 *      tenant comes from the registry, never from the message); unknown: throw
 *      {@link UnknownSensor} (registration may be in flight: retried, then the DLQ);
 *   2. keep the plausible readings (malformed and implausible ones are counted and logged,
 *      not evaluated: ingest refuses them too);
 *   3. for each rule watching the sensor, evaluate the pair (rule, sensor) with its stored
 *      state; commit each raise or clear in one transaction with the state and the outbox
 *      event (and the work order of a rule with `openWorkOrder`); save the state when only
 *      it changed. Another writer changing the pair meanwhile: read it again and retry;
 *   4. judge the readings against the water-quality limits that apply where the sensor
 *      measures (`trackSensorReadings`: exceedances, and their alerts).
 * Redelivery is harmless: readings not newer than the pair's last evaluated one are skipped.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ulid } from 'ulid';
import { commitTransition } from '#adapters/dynamodb/alert-transitions';
import { rulesWatching } from '#adapters/dynamodb/alert-rules-repository';
import { getPairState, savePairState, StalePairState } from '#adapters/dynamodb/alerts-repository';
import { findSensorDirectoryEntry, type SensorDirectoryEntry } from '#adapters/dynamodb/sensors-repository';
import type { AlertedSensor } from '#domain/alerts/alerts';
import { evaluateReadings, type ReadingToEvaluate } from '#domain/alerts/evaluate';
import type { AlertRule } from '#domain/alerts/rules';
import { plausibleReadings, readingsOf, receivedAtOf, type TelemetryEvent } from '#domain/alerts/telemetry-event';
import { logger, metrics } from '#platform/observability';
import { trackSensorReadings } from '#application/quality/track-sensor-readings';

/** The sensor is not in the directory: retried (registration may be in flight), then kept in the DLQ. */
export class UnknownSensor extends Error {}

/** Attempts on one pair when another writer keeps changing it. */
const MAX_ATTEMPTS = 4;

export interface MessageOutcome {
  readonly tenantId: string;
  readonly rules: number;
  readonly raised: number;
  readonly cleared: number;
  readonly skipped: number;
}

/** Evaluates one telemetry event at `now`; `sentAt` is when the queue received it. Throws when it must be retried. */
export async function evaluateTelemetryEvent(message: TelemetryEvent, now: Date = new Date(), sentAt?: number): Promise<MessageOutcome> {
  const sensor = await findSensorDirectoryEntry(message.sensorId);
  if (!sensor) throw new UnknownSensor(`Sensor ${message.sensorId} is not registered`);
  const parsed = readingsOf(message);
  const readings = plausibleReadings(parsed.readings, sensor.kind, now.getTime());
  const refused = { malformed: parsed.malformed, implausible: parsed.readings.length - readings.length };
  if (refused.malformed + refused.implausible > 0) {
    logger.warn('Readings of a telemetry event were not evaluated', { sensorId: message.sensorId, ...refused });
    metrics.addMetric('AlertReadingsRefused', MetricUnit.Count, refused.malformed + refused.implausible);
  }
  const receivedAt = receivedAtOf(message, sentAt, now.getTime());
  const rules = await rulesWatching(sensor.tenantId, sensor);
  const outcome = { tenantId: sensor.tenantId, rules: rules.length, raised: 0, cleared: 0, skipped: 0 };
  for (const rule of rules) {
    // Transient rules are judged on high-rate bursts, not on readings.
    if (rule.condition.type === 'transient') continue;
    // BAD readings count as data (no-data rules) but are not judged against value conditions.
    const usable = rule.condition.type === 'noData' ? readings : readings.filter((r) => r.quality !== 'BAD');
    if (usable.length === 0 && rule.condition.type !== 'noData') continue;
    const pair = await evaluatePair(sensor, rule, usable, receivedAt, now);
    outcome.raised += pair.raised;
    outcome.cleared += pair.cleared;
    outcome.skipped += pair.skipped;
  }
  await trackSensorReadings(sensor, readings, now);
  return outcome;
}

/** Evaluates one (rule, sensor) pair, reading its state again when another writer changed it. */
async function evaluatePair(sensor: SensorDirectoryEntry, rule: AlertRule, readings: readonly ReadingToEvaluate[], receivedAt: number, now: Date) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await evaluatePairOnce(sensor, rule, readings, receivedAt, now);
    } catch (error) {
      if (!(error instanceof StalePairState) || attempt >= MAX_ATTEMPTS) throw error;
      logger.info('Pair state changed meanwhile; evaluating again', { ruleId: rule.id, sensorId: sensor.sensorId, attempt });
    }
  }
}

async function evaluatePairOnce(sensor: SensorDirectoryEntry, rule: AlertRule, readings: readonly ReadingToEvaluate[], receivedAt: number, now: Date) {
  const stored = await getPairState(sensor.tenantId, rule.id, sensor.sensorId);
  const evaluation = evaluateReadings(rule.condition, stored, readings, receivedAt, ulid);
  let version = stored?.version ?? 0;
  let raised = 0;
  let cleared = 0;
  const last = evaluation.transitions.length - 1;
  for (const [i, transition] of evaluation.transitions.entries()) {
    // The last transition carries the final state (readings after it included): one write, not two.
    const done = await commitTransition(sensor.tenantId, rule, alerted(sensor), i === last ? { ...transition, state: evaluation.state } : transition, version, now);
    if (done === 'raised') raised++;
    if (done === 'cleared') cleared++;
    version++;
  }
  // Nothing raised or cleared: save the state if the readings changed it.
  if (last < 0 && evaluation.state !== stored) await savePairState(sensor.tenantId, rule.id, sensor.sensorId, { ...evaluation.state, version });
  return { raised, cleared, skipped: evaluation.skipped };
}

const alerted = (s: SensorDirectoryEntry): AlertedSensor => ({ sensorId: s.sensorId, siteId: s.siteId, kind: s.kind, clientId: s.clientId });
