/**
 * The tenant's security settings in the application table:
 *   PK = T#t#SETTINGS   SK = SECURITY
 * Read by the settings routes and by the pre-token-generation trigger (once per token).
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_SECURITY_SETTINGS, type SecuritySettings } from '#domain/identity';
import type { Role } from '#domain/principal';
import { documentClient, tableName, tenantKey } from './client';

const settingsKey = (tenantId: string) => ({ PK: tenantKey(tenantId, 'SETTINGS'), SK: 'SECURITY' });

export async function getSecuritySettings(tenantId: string): Promise<SecuritySettings> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: settingsKey(tenantId), ConsistentRead: true }));
  if (!out.Item) return DEFAULT_SECURITY_SETTINGS;
  return { mfaRequiredRoles: (out.Item.mfaRequiredRoles as Role[]) ?? [], ...(out.Item.updatedAt ? { updatedAt: out.Item.updatedAt as string } : {}) };
}

export async function putSecuritySettings(tenantId: string, settings: SecuritySettings): Promise<void> {
  await documentClient.send(new PutCommand({ TableName: tableName, Item: { ...settingsKey(tenantId), entity: 'security-settings', ...settings } }));
}
