/**
 * Deliver a domain event's in-app notifications (the notifications worker's use case, also
 * called by the schedules that notify without an outbox event: escalations, anomalies,
 * API key rotation, failed webhook deliveries). Idempotent per event id and user.
 *
 * Steps:
 *   1. plan it (`planNotification`, pure): who is told what, under which group key; an
 *      event type that notifies nobody is done;
 *   2. resolve roles to the tenant's active users (`recipientsFor`, read from the users table);
 *   3. add the event to each user's group, once per event id and user (a marker written
 *      in the same transaction), so a redelivered event is not counted twice.
 * A failure of one user's write throws (the caller retries it whole: the users already
 * done are skipped by their markers).
 *
 * Returns how many users were newly notified.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { recipientsFor } from '#adapters/dynamodb/recipients';
import { applyNotificationEvent } from '#adapters/dynamodb/notifications-repository';
import { groupedNotification, notificationGroupId, planNotification, recipientsOf, type AudienceRole, type NotificationEvent } from '#domain/notifications';
import { logger, metrics } from '#platform/observability';

export async function deliverNotificationEvent(event: NotificationEvent): Promise<number> {
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
