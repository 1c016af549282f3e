/** Every day at 07:00 UTC: one e-mail per user who chose the digest (`sendNotificationDigests`). */
import { sendNotificationDigests } from '#application/notifications/send-notification-digests';
import { scheduledWorker } from '#platform/scheduled-worker';

export const handler = scheduledWorker('NotificationDigest', async (_event, now) => sendNotificationDigests(now));
