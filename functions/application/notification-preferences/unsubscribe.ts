/**
 * Follow an unsubscribe link (public: the signed token is the credential).
 *
 * Steps:
 *   1. parse the token (malformed: 400 INVALID_UNSUBSCRIBE_TOKEN);
 *   2. verify its MAC with the stack's key (forged or altered: the same 400);
 *   3. refuse it past its expiry (400 UNSUBSCRIBE_TOKEN_EXPIRED);
 *   4. turn the user's e-mails off at the version read; already off: nothing changes, the
 *      same answer (a link followed twice, or by a mail scanner first, is harmless).
 */
import { preferencesOf, savePreferences } from '#adapters/dynamodb/email-notifications-repository';
import { macMatches } from '#adapters/kms/unsubscribe-mac';
import { parseUnsubscribeToken, unsubscribedPreferences, unsubscribeExpired } from '#domain/email-notifications';
import { refuseUnsubscribeToken } from '../refusals';

export async function unsubscribe(token: string, now: Date): Promise<{ unsubscribed: true; email: 'off' }> {
  const parsed = parseUnsubscribeToken(token);
  if (!parsed || !(await macMatches(parsed.payload, parsed.mac))) refuseUnsubscribeToken('invalid');
  if (unsubscribeExpired(parsed.subject, now)) refuseUnsubscribeToken('expired');
  const { tenantId, userId } = parsed.subject;
  const current = await preferencesOf(tenantId, userId);
  const next = unsubscribedPreferences(current, now.toISOString());
  if (next) await savePreferences(tenantId, userId, next, current.version);
  return { unsubscribed: true, email: 'off' };
}
