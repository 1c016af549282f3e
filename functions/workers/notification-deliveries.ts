/**
 * The notification-deliveries stream consumer: each `notification-event` marker inserted
 * with a user's notification (one per event and user) is delivered beyond the app
 * (`deliverNotificationChannels`: the user's live connections, e-mail or digest). A marker
 * that is not one, or a delivery that fails, fails its record by sequence number
 * (`dynamodbStreamWorker`): retried, then kept in the on-failure queue, never dropped.
 */
import * as z from 'zod';
import { deliverNotificationChannels } from '#application/notifications/deliver-notification-channels';
import { dynamodbStreamWorker } from '#platform/stream-worker';

export const NotificationEventMarker = z.object({
  entity: z.literal('notification-event'),
  tenantId: z.string().min(1),
  userId: z.string().min(1),
  notificationId: z.string().min(1),
  eventId: z.string().min(1),
});

export const handler = dynamodbStreamWorker(NotificationEventMarker, async (markers) =>
  Promise.all(
    markers.map((m) =>
      deliverNotificationChannels(m, new Date()).then(
        () => undefined,
        (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
      ),
    ),
  ),
);
