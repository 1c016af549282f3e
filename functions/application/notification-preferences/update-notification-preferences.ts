/**
 * Replace the caller's e-mail preferences.
 *
 * Steps:
 *   1. read the current ones (their version; the defaults are version 0);
 *   2. save the new ones at that version (a concurrent change: 409, the caller retries).
 */
import { preferencesOf, savePreferences } from '#adapters/dynamodb/email-notifications-repository';
import { updatedPreferences, type NotificationPreferences } from '#domain/email-notifications';
import type { Principal } from '#domain/principal';

export async function updateNotificationPreferences(
  who: Principal,
  body: Pick<NotificationPreferences, 'locale' | 'email' | 'eventTypes'>,
  now: Date,
): Promise<NotificationPreferences> {
  const current = await preferencesOf(who.tenantId, who.subject);
  const next = updatedPreferences(current, body, now.toISOString());
  await savePreferences(who.tenantId, who.subject, next, current.version);
  return next;
}
