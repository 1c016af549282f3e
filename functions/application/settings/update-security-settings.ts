import { getSecuritySettings, putSecuritySettings } from '#adapters/dynamodb/security-settings-repository';
import type { Role } from '#domain/principal';

/**
 * Sets which roles must use MFA. Steps: read the settings as they were; write the new
 * ones with the time. It applies at each user's next token (login or refresh, at most
 * an access token's lifetime): the pre-token-generation trigger reads it. Answers the
 * settings before and after.
 */
export async function updateSecuritySettings(tenantId: string, change: { mfaRequiredRoles: Role[] }, now = new Date().toISOString()) {
  const before = await getSecuritySettings(tenantId);
  const after = { mfaRequiredRoles: change.mfaRequiredRoles, updatedAt: now };
  await putSecuritySettings(tenantId, after);
  return { before, after };
}
