import type { NotificationPreferences } from '#domain/email-notifications';
import type { Principal } from '#domain/principal';
import { preferencesOf } from '#adapters/dynamodb/email-notifications-repository';

/** The caller's e-mail preferences. Steps: read them (the defaults until set). */
export async function getNotificationPreferences(who: Principal): Promise<NotificationPreferences> {
  return preferencesOf(who.tenantId, who.subject);
}
