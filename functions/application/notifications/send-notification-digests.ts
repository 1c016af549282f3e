/**
 * Send the daily digests (the notification-digest schedule's use case).
 *
 * Steps:
 *   1. read every pending digest entry (of every tenant) and group them per user
 *      (`groupDigests`: one line per notification, latest first);
 *   2. per user, read the preferences and the user record: a user who turned the digest off
 *      since, or is no longer active, gets nothing and their entries are settled;
 *   3. otherwise send one e-mail in their language with the unsubscribe link, then settle
 *      the entries it listed (an entry kept meanwhile waits for the next day).
 * A user whose digest fails is logged and the run goes on; the run then throws (its
 * entries stay for the next run, the schedule's alarm sees the error).
 */
import { pendingDigestEntries, preferencesOf, settleDigestEntries } from '#adapters/dynamodb/email-notifications-repository';
import { getUserRecord } from '#adapters/dynamodb/users-repository';
import { sendEmail } from '#adapters/ses/email';
import { groupDigests, renderDigestEmail, type Digest } from '#domain/email-notifications';
import { logger } from '#platform/observability';
import { unsubscribeLink } from '../notification-preferences/unsubscribe-link';

async function sendDigest(digest: Digest, now: Date): Promise<boolean> {
  const [prefs, user] = await Promise.all([preferencesOf(digest.tenantId, digest.userId), getUserRecord(digest.tenantId, digest.userId)]);
  const wanted = prefs.email === 'digest' && user?.active === true && Boolean(user.email);
  if (wanted && user) {
    const link = await unsubscribeLink(digest.tenantId, digest.userId, now);
    const mail = renderDigestEmail(prefs.locale, digest.lines, now.toISOString().slice(0, 10), link);
    await sendEmail({ to: user.email, ...mail, unsubscribeUrl: link });
  }
  await settleDigestEntries(digest.entries);
  return wanted;
}

export async function sendNotificationDigests(now: Date): Promise<{ processed: number; details: { users: number; failed: number } }> {
  const digests = groupDigests(await pendingDigestEntries());
  let sent = 0;
  let failed = 0;
  for (const digest of digests) {
    try {
      if (await sendDigest(digest, now)) sent++;
    } catch (error) {
      failed++;
      logger.error('Digest not sent', { tenantId: digest.tenantId, userId: digest.userId, error });
    }
  }
  if (failed > 0) throw new Error(`${failed} of ${digests.length} digests failed; their entries wait for the next run`);
  return { processed: sent, details: { users: digests.length, failed } };
}
