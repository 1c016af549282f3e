/**
 * Seeds the demo network through the same repositories the handlers use. Imported
 * lazily by the stack, after the environment points the adapters at the emulators.
 */
import { ulid } from 'ulid';
import { DEMO_ASSETS, DEMO_SITES, DEMO_TENANT_ID } from './demo-data';

export async function seedDemoNetwork(): Promise<void> {
  const { createSite } = await import('#adapters/dynamodb/sites-repository');
  const { createAsset } = await import('#adapters/dynamodb/assets-repository');
  const { newSite } = await import('#domain/sites');
  const { newAsset } = await import('#domain/assets');
  const now = new Date().toISOString();
  const sites = new Map<string, { id: string; clientId: string | null }>();
  for (const s of DEMO_SITES) {
    const site = newSite(ulid(), { name: s.name, address: s.address, location: s.location, ...('clientId' in s ? { clientId: s.clientId } : {}) }, now);
    await createSite(DEMO_TENANT_ID, site);
    sites.set(s.key, site);
  }
  const assets: { id: string; name: string; siteId: string; clientId: string | null }[] = [];
  for (const a of DEMO_ASSETS) {
    const site = sites.get(a.site) as { id: string; clientId: string | null };
    const { site: _key, ...fields } = a;
    const asset = newAsset(ulid(), { ...fields, siteId: site.id, status: 'operational' }, site.clientId, now);
    await createAsset(DEMO_TENANT_ID, asset);
    assets.push(asset);
  }
  const { seedDemoAlertRules } = await import('./demo-alert-rules');
  await seedDemoAlertRules([...sites.values()].map((s) => s.id));
  // What every tenant starts with, whatever the demo adds (tenant-wide rules per sensor kind).
  const { provisionDefaultAlertRules } = await import('#application/alert-rules/provision-default-alert-rules');
  await provisionDefaultAlertRules(DEMO_TENANT_ID, now);
  const { seedDemoRequests } = await import('./demo-requests');
  await seedDemoRequests((sites.get('acme-plant') as { id: string }).id);
  const { seedDemoFieldOperations } = await import('./demo-field-operations');
  await seedDemoFieldOperations(assets);
}

/** Key policies of the demo keys (`DEMO_API_KEYS`), as the api-keys routes would write them. */
export async function seedDemoKeyPolicies(keys: readonly { gatewayKeyId: string; name: string; planId: string }[]): Promise<void> {
  const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
  const { documentClient } = await import('#adapters/dynamodb/document-client');
  const { controlTableName } = await import('#adapters/dynamodb/control/table');
  const { keyPolicyKey } = await import('#adapters/dynamodb/control/key-policies');
  for (const key of keys) {
    await documentClient.send(
      new PutCommand({
        TableName: controlTableName,
        Item: {
          ...keyPolicyKey(key.gatewayKeyId),
          keyId: key.gatewayKeyId,
          tenantId: DEMO_TENANT_ID,
          name: key.name,
          planId: key.planId,
          ipAllowList: [],
          expiresAt: null,
          status: 'active',
        },
      }),
    );
  }
}
