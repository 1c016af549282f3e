/**
 * The alert evaluator: consumes `telemetry-events` (from the IoT rule and HTTP ingest)
 * and evaluates every enabled rule watching each message's sensor
 * (`evaluateTelemetryEvent`). A message that is not a telemetry event, names an unknown
 * sensor or cannot be committed fails only its record (retried, then DLQ: `sqsWorker`).
 * Records are handled in order, one at a time: messages of one sensor then meet its state
 * in sequence instead of racing for it (a race is still safe: the loser reads again).
 */
import { evaluateTelemetryEvent } from '#application/alerts/evaluate-telemetry-event';
import { TelemetryEvent } from '#domain/alerts/telemetry-event';
import { sqsWorker } from '#platform/sqs-worker';

export const handler = sqsWorker(
  TelemetryEvent,
  (message, record) => {
    const sentAt = Number(record.attributes?.SentTimestamp);
    return evaluateTelemetryEvent(message, new Date(), Number.isFinite(sentAt) ? sentAt : undefined);
  },
  { inOrder: true },
);
