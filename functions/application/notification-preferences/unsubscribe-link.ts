/**
 * The unsubscribe link of a user's e-mails: `<API>/v1/unsubscribe?token=<payload>.<mac>`,
 * the MAC made with the stack's key (KMS in the cloud), valid 60 days.
 */
import { macOf } from '#adapters/kms/unsubscribe-mac';
import { unsubscribePayload, unsubscribeToken } from '#domain/email-notifications';
import { publicUrlEnv, readEnv } from '#platform/config';

const { API_PUBLIC_URL } = readEnv(publicUrlEnv);

export async function unsubscribeLink(tenantId: string, userId: string, now: Date): Promise<string> {
  const payload = unsubscribePayload(tenantId, userId, now);
  return `${API_PUBLIC_URL}/v1/unsubscribe?token=${unsubscribeToken(payload, await macOf(payload))}`;
}
