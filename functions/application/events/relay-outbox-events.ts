/**
 * Relay the outbox's newly committed domain events to the queues that consume them (the
 * outbox relay's use case, for one batch of the table's stream).
 *
 * Steps:
 *   1. send every event to every queue of DOMAIN_EVENT_QUEUES (`events` for webhooks,
 *      `notifications`), ten per SendMessageBatch;
 *   2. per event that reached every queue, mark its outbox item `relayedAt` with a TTL of
 *      30 days (the replay archive);
 *   3. answer per event: done, or the error that keeps it (not sent everywhere, or not
 *      marked), for the caller to retry it. Retried events may be sent again: consumers
 *      dedupe by event id.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { markRelayed, type OutboxEvent } from '#adapters/dynamodb/outbox';
import { publishDomainEvents } from '#adapters/sqs/domain-events';
import { logger, metrics } from '#platform/observability';

/** One outcome per event, in order: `undefined` relayed, an `Error` not. */
export async function relayOutboxEvents(events: readonly OutboxEvent[]): Promise<Array<Error | undefined>> {
  const unsent = await publishDomainEvents(events);
  if (unsent.size > 0) logger.warn('Events not sent to every queue: they are retried', { eventIds: [...unsent] });
  const outcomes = await Promise.all(
    events.map(async (event) => {
      if (unsent.has(event.id)) return new Error(`Event ${event.id} not sent to every queue`);
      try {
        await markRelayed(event.tenant, event.id);
        return undefined;
      } catch (error) {
        return error as Error;
      }
    }),
  );
  metrics.addMetric('OutboxEventsRelayed', MetricUnit.Count, outcomes.filter((o) => o === undefined).length);
  return outcomes;
}
