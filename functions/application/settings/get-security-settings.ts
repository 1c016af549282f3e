import { getSecuritySettings as readSecuritySettings } from '#adapters/dynamodb/security-settings-repository';

/** The tenant's security settings (which roles must use MFA); the defaults when never set. */
export async function getSecuritySettings(tenantId: string) {
  return readSecuritySettings(tenantId);
}
