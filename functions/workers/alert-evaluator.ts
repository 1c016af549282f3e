/**
 * The alert evaluator: consumes `telemetry-events` (from the IoT rule and HTTP
 * ingest) and evaluates every enabled rule watching the message's sensor.
 *
 * Per record: parse the message (zod); look the sensor up in the sensor directory
 * (the message carries no tenant, so the tenant comes from the registry, never from
 * the message); evaluate each rule watching the sensor with its stored
 * (rule, sensor) state; commit each raise or clear in one transaction with the
 * state and the outbox event (and the work order of a rule with `openWorkOrder`); save the state.
 *
 * Failures are per record (Powertools BatchProcessor): a message that is not a
 * telemetry event, names an unknown sensor or cannot be committed is reported and
 * comes back, then goes to the DLQ; nothing is dropped silently. Redelivery is
 * harmless: readings not newer than the pair's last evaluated one are skipped.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { ulid } from 'ulid';
import { findSensorDirectoryEntry, type SensorDirectoryEntry } from '#adapters/dynamodb/sensors-repository';
import { rulesWatching } from '#adapters/dynamodb/alert-rules-repository';
import { getPairState, savePairState, StalePairState } from '#adapters/dynamodb/alerts-repository';
import { commitTransition } from '#adapters/dynamodb/alert-transitions';
import type { AlertedSensor } from '#domain/alerts/alerts';
import { evaluateReadings, type ReadingToEvaluate } from '#domain/alerts/evaluate';
import type { AlertRule } from '#domain/alerts/rules';
import { plausibleReadings, readingsOf, receivedAtOf, TelemetryEvent } from '#domain/alerts/telemetry-event';
import { publishMetrics } from '#platform/publish-metrics';
import { logger, metrics, tracer } from '#platform/observability';

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

/** Evaluates one telemetry event; throws when the record must be retried. */
export async function evaluateTelemetryEvent(body: unknown, now: Date = new Date(), sentAt?: number): Promise<MessageOutcome> {
  const message = TelemetryEvent.parse(body);
  const sensor = await findSensorDirectoryEntry(message.sensorId);
  if (!sensor) throw new UnknownSensor(`Sensor ${message.sensorId} is not registered`);
  const parsed = readingsOf(message);
  const readings = plausibleReadings(parsed.readings, sensor.kind, now.getTime());
  const refused = { malformed: parsed.malformed, implausible: parsed.readings.length - readings.length };
  if (refused.malformed + refused.implausible > 0) {
    // Counted and logged, not evaluated: ingest refuses them too (and says why to the sender).
    logger.warn('Readings of a telemetry event were not evaluated', { sensorId: message.sensorId, ...refused });
    metrics.addMetric('AlertReadingsRefused', MetricUnit.Count, refused.malformed + refused.implausible);
  }
  const receivedAt = receivedAtOf(message, sentAt, now.getTime());
  const rules = await rulesWatching(sensor.tenantId, sensor);
  const outcome = { tenantId: sensor.tenantId, rules: rules.length, raised: 0, cleared: 0, skipped: 0 };
  for (const rule of rules) {
    // BAD readings count as data (no-data rules) but are not judged against value conditions.
    const usable = rule.condition.type === 'noData' ? readings : readings.filter((r) => r.quality !== 'BAD');
    if (usable.length === 0 && rule.condition.type !== 'noData') continue;
    const pair = await evaluatePair(sensor, rule, usable, receivedAt, now);
    outcome.raised += pair.raised;
    outcome.cleared += pair.cleared;
    outcome.skipped += pair.skipped;
  }
  return outcome;
}

/** Evaluates one (rule, sensor) pair, reading its state again when another writer changed it. */
export async function evaluatePair(sensor: SensorDirectoryEntry, rule: AlertRule, readings: readonly ReadingToEvaluate[], receivedAt: number, now: Date) {
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

const processor = new BatchProcessor(EventType.SQS);

async function recordHandler(record: SQSRecord): Promise<MessageOutcome> {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    throw new Error(`Message ${record.messageId} is not JSON`);
  }
  const sentAt = Number(record.attributes?.SentTimestamp);
  try {
    return await evaluateTelemetryEvent(body, new Date(), Number.isFinite(sentAt) ? sentAt : undefined);
  } catch (error) {
    logger.error('Telemetry event not evaluated; it will be retried, then kept in the DLQ', { messageId: record.messageId, error: error as Error });
    throw error;
  }
}

/** The SQS batch handler: per-record failures in `batchItemFailures`. */
export async function evaluateBatch(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  // In order, one record at a time: messages of one sensor then meet its state in sequence
  // instead of racing for it (a race is still safe: the loser reads again).
  return processPartialResponse(event, recordHandler, processor, { context, processInParallel: false });
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(captureLambdaHandler(tracer))
  .use(publishMetrics(metrics))
  .handler((event, context) => evaluateBatch(event, context));
