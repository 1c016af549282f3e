/**
 * The notifications worker: consumes `notifications`, the domain events the outbox relay
 * delivers (`{id, type, occurredAt, tenant, data}`). Per record:
 *   1. parse the envelope (zod); a body that is not an envelope is reported (DLQ), never dropped;
 *   2. plan it (`planNotification`, pure): who is told what, under which group key; an
 *      event type that notifies nobody is done;
 *   3. resolve roles to the tenant's active users (`recipientsFor`, read from the users table);
 *   4. add the event to each user's group, once per event id and user (a marker written
 *      in the same transaction), so a redelivered event is not counted twice.
 * A failure of one user's write fails the record (retried whole: the users already done
 * are skipped by their markers); the other records of the batch are unaffected.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { recipientsFor } from '#adapters/dynamodb/recipients';
import { applyNotificationEvent } from '#adapters/dynamodb/notifications-repository';
import { groupedNotification, notificationGroupId, planNotification, recipientsOf, type AudienceRole } from '#domain/notifications';
import { publishMetrics } from '#platform/publish-metrics';
import { logger, metrics, tracer } from '#platform/observability';

export const EventEnvelope = z.object({
  id: z.string().min(1).max(128),
  type: z.string().min(1).max(128),
  occurredAt: z.iso.datetime({ offset: true }),
  tenant: z.string().min(1).max(64),
  data: z.record(z.string(), z.unknown()),
});

/** Handles one event; throws to report it as a failure. Returns the users newly notified. */
export async function processNotificationRecord(record: SQSRecord): Promise<number> {
  return deliverNotificationEvent(EventEnvelope.parse(JSON.parse(record.body)));
}

/**
 * Plans and applies one event's notifications (also called by schedules that notify
 * without an outbox event, e.g. escalations); idempotent per event id and user.
 */
export async function deliverNotificationEvent(event: z.infer<typeof EventEnvelope>): Promise<number> {
  const plan = planNotification(event);
  if (!plan) {
    logger.debug('Event notifies nobody', { eventId: event.id, type: event.type });
    return 0;
  }
  const byRole = new Map<AudienceRole, string[]>();
  for (const a of plan.audiences) {
    if (a.kind === 'role' && !byRole.has(a.role)) byRole.set(a.role, (await recipientsFor(event.tenant, a.role)).map((r) => r.userId));
  }
  const users = recipientsOf(plan.audiences, (role) => byRole.get(role) ?? []);
  const id = notificationGroupId(event.tenant, plan.groupKey);
  let applied = 0;
  for (const userId of users) {
    if (await applyNotificationEvent(event.tenant, userId, id, event.id, (existing) => groupedNotification(existing, plan, event, userId))) applied++;
  }
  if (applied < users.length) logger.info('Event already applied for some users: skipped for them', { eventId: event.id, skipped: users.length - applied });
  metrics.addMetric('NotificationsDelivered', MetricUnit.Count, applied);
  return applied;
}

const processor = new BatchProcessor(EventType.SQS);

export async function handleNotificationEvents(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  return processPartialResponse(event, processNotificationRecord, processor, { context, throwOnFullBatchFailure: false });
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(captureLambdaHandler(tracer))
  .use(publishMetrics(metrics))
  .handler(handleNotificationEvents);
