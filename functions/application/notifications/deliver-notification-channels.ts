/**
 * Deliver one event a user's notification took in beyond the app (the
 * notification-deliveries stream consumer's use case: each `notification-event` marker
 * inserted with the notification, once per event and user).
 *
 * Steps:
 *   1. read the notification as it is now (gone: nothing to deliver);
 *   2. push it to the user's own live connections (no one else's);
 *   3. the user's e-mail preferences decide: nothing, an e-mail now, or a line of the
 *      next daily digest; an inactive or unknown user is e-mailed nothing;
 *   4. an e-mail now goes once per event and user (a "sent" marker after SES accepted it),
 *      in the user's language, with the unsubscribe link.
 * Any failure throws (the stream record is retried, then kept in the on-failure queue):
 * the push is idempotent for the client, the e-mail guarded by its marker, the digest line keyed by event.
 */
import { emailAlreadySent, keepForDigest, preferencesOf, recordEmailSent } from '#adapters/dynamodb/email-notifications-repository';
import { connectionsOfUser } from '#adapters/dynamodb/live-connections-repository';
import { getNotification } from '#adapters/dynamodb/notifications-repository';
import { getUserRecord } from '#adapters/dynamodb/users-repository';
import { sendEmail } from '#adapters/ses/email';
import { emailDecision, renderNotificationEmail } from '#domain/email-notifications';
import { notificationMessage } from '#domain/live';
import { pushToConnections } from '../live/push-to-connections';
import { unsubscribeLink } from '../notification-preferences/unsubscribe-link';

/** One event a user's notification took in, as its marker names it. */
export interface NotificationDelivery {
  readonly tenantId: string;
  readonly userId: string;
  readonly notificationId: string;
  readonly eventId: string;
}

export async function deliverNotificationChannels(delivery: NotificationDelivery, now: Date): Promise<{ pushed: number; email: 'none' | 'immediate' | 'digest' }> {
  const { tenantId, userId, notificationId, eventId } = delivery;
  const notification = await getNotification(tenantId, userId, notificationId);
  if (!notification) return { pushed: 0, email: 'none' };
  const pushed = await pushToConnections(tenantId, await connectionsOfUser(tenantId, userId), notificationMessage(notification), now);

  const prefs = await preferencesOf(tenantId, userId);
  const decision = emailDecision(prefs, notification.type);
  if (decision === 'none') return { pushed, email: 'none' };
  const user = await getUserRecord(tenantId, userId);
  if (!user?.active || !user.email) return { pushed, email: 'none' };
  if (decision === 'digest') {
    await keepForDigest({ tenantId, userId, eventId, notificationId, type: notification.type, title: notification.title, body: notification.body, at: notification.lastAt });
    return { pushed, email: 'digest' };
  }
  if (await emailAlreadySent(tenantId, eventId, userId)) return { pushed, email: 'immediate' };
  const link = await unsubscribeLink(tenantId, userId, now);
  const mail = renderNotificationEmail(prefs.locale, { type: notification.type, title: notification.title, body: notification.body, resource: notification.resource, count: notification.count, at: notification.lastAt }, link);
  const messageId = await sendEmail({ to: user.email, ...mail, unsubscribeUrl: link });
  await recordEmailSent(tenantId, eventId, userId, messageId, now);
  return { pushed, email: 'immediate' };
}
