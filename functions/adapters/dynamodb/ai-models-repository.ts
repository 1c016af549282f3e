/**
 * Model registrations (functions/domain/water-quality/registry.ts) in the application
 * table. Keys:
 *   item         PK = T#t#AIMODEL#<name>           SK = AIMODEL
 *   registered   GSI3PK = AI_MODELS                GSI3SK = <tenantId>#<name>   (the weekly retraining's list across tenants)
 * The model itself is in the documents bucket (adapters/s3/models-bucket.ts).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ModelRegistration } from '#domain/water-quality/registry';
import { tenantKey, tableName } from './client';
import { withoutKeys } from './items';
import { entityRepository, partitionPages, writeIf } from './entity-repository';

const registrationKey = (tenantId: string, name: string) => ({ PK: tenantKey(tenantId, 'AIMODEL', name), SK: 'AIMODEL' });

const registrations = entityRepository<ModelRegistration>()({
  entity: 'ai-model',
  key: registrationKey,
  indexes: { registered: { name: 'GSI3', partition: () => 'AI_MODELS', entry: (r, t) => ({ in: undefined, sort: `${t}#${r.id}` }) } },
  attributes: (r, tenantId) => ({ tenantId, ...r }),
  fromItem: (item) => {
    const { tenantId: _tenant, ...rest } = withoutKeys<ModelRegistration & { tenantId: string }>(item);
    return rest;
  },
  consistentReads: true,
});

export const getModelRegistration = (tenantId: string, name: string): Promise<ModelRegistration | undefined> => registrations.get(tenantId, name);

/** Writes the registration if the stored one is still at `before`'s version (or absent when `before` is); false otherwise. */
export async function saveModelRegistration(tenantId: string, next: ModelRegistration, before: ModelRegistration | undefined): Promise<boolean> {
  if (before) return registrations.putIfVersion(tenantId, next, before.version);
  return writeIf(new PutCommand({ TableName: tableName, Item: registrations.item(tenantId, next), ConditionExpression: 'attribute_not_exists(PK)' }));
}

/** Every registration of every tenant. */
export async function* allModelRegistrations(): AsyncGenerator<{ tenantId: string; registration: ModelRegistration }> {
  for await (const page of partitionPages(registrations.partition('', 'registered', undefined))) {
    for (const item of page) yield { tenantId: item.tenantId as string, registration: registrations.fromItem(item) };
  }
}
