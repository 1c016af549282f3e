/**
 * Webhook subscriptions, their deliveries and their concurrency slots in the application
 * table. Keys (all under the tenant):
 *   subscription  PK = T#t#WEBHOOK#<id>               SK = WEBHOOK
 *   all           GSI1PK = T#t#WEBHOOKS               GSI1SK = <id>
 *   delivery      PK = T#t#WEBHOOK#<id>#DELIVERIES    SK = <eventId>  (ULID: newest first by reversing)
 *   slot          PK = T#t#WEBHOOK#<id>#SLOTS         SK = <n>        (a lease while an attempt is in flight)
 * A subscription item holds its sealed secrets (`secrets`), never returned by the view.
 * Deliveries expire 30 days after they were created (the log's retention, as the outbox archive).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { HealthChange, SealedSecret, WebhookDelivery, WebhookSubscription } from '#domain/webhook-subscriptions';
import { NotFound, VersionConflict } from '#platform/errors';
import { documentClient, tableName, tenantKey } from './client';
import { withoutKeys } from './items';
import { queryPage, type Page } from './query-page';

const LOG_RETENTION_SECONDS = 30 * 86_400;

export const webhookKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'WEBHOOK', id), SK: 'WEBHOOK' });
const deliveriesPartition = (tenantId: string, webhookId: string) => tenantKey(tenantId, 'WEBHOOK', webhookId, 'DELIVERIES');
const deliveryKey = (tenantId: string, webhookId: string, id: string) => ({ PK: deliveriesPartition(tenantId, webhookId), SK: id });
const slotKey = (tenantId: string, webhookId: string, n: number) => ({ PK: tenantKey(tenantId, 'WEBHOOK', webhookId, 'SLOTS'), SK: String(n) });

export interface StoredWebhook {
  readonly subscription: WebhookSubscription;
  readonly secrets: readonly SealedSecret[];
}

const toSubscription = (item: Record<string, unknown>): WebhookSubscription => {
  const { secrets: _secrets, ...rest } = withoutKeys<WebhookSubscription & { secrets?: unknown }>(item);
  return rest;
};
const toStored = (item: Record<string, unknown>): StoredWebhook => ({ subscription: toSubscription(item), secrets: (item.secrets ?? []) as SealedSecret[] });

function webhookItem(tenantId: string, stored: StoredWebhook): Record<string, unknown> {
  return { ...webhookKey(tenantId, stored.subscription.id), entity: 'webhook', GSI1PK: tenantKey(tenantId, 'WEBHOOKS'), GSI1SK: stored.subscription.id, ...stored.subscription, secrets: stored.secrets };
}

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

export async function createWebhook(tenantId: string, stored: StoredWebhook): Promise<void> {
  await documentClient.send(new PutCommand({ TableName: tableName, Item: webhookItem(tenantId, stored), ConditionExpression: 'attribute_not_exists(PK)' }));
}

export async function getWebhook(tenantId: string, id: string): Promise<StoredWebhook | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: webhookKey(tenantId, id), ConsistentRead: true }));
  return out.Item ? toStored(out.Item) : undefined;
}

export async function listWebhooks(tenantId: string, q: { limit: number; cursor?: string }): Promise<Page<WebhookSubscription>> {
  return queryPage({ tableName, index: 'GSI1', partitionAttribute: 'GSI1PK', partitionValue: tenantKey(tenantId, 'WEBHOOKS'), limit: q.limit, cursor: q.cursor }, toSubscription);
}

/** Every enabled subscription of a tenant (the fan-out reads them all for each event). */
export async function enabledWebhooks(tenantId: string): Promise<WebhookSubscription[]> {
  const found: WebhookSubscription[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        FilterExpression: 'enabled = :yes',
        ExpressionAttributeValues: { ':pk': tenantKey(tenantId, 'WEBHOOKS'), ':yes': true },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of out.Items ?? []) found.push(toSubscription(item));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return found;
}

/** Writes a new version (a user's change, or a rotation); VersionConflict when it changed since `readVersion`. */
export async function saveWebhook(tenantId: string, stored: StoredWebhook, readVersion: number): Promise<void> {
  try {
    await documentClient.send(
      new PutCommand({ TableName: tableName, Item: webhookItem(tenantId, stored), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': readVersion } }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new VersionConflict('The webhook changed while it was being updated; read it again');
    throw error;
  }
}

export async function deleteWebhook(tenantId: string, id: string, readVersion: number): Promise<void> {
  try {
    await documentClient.send(
      new DeleteCommand({ TableName: tableName, Key: webhookKey(tenantId, id), ConditionExpression: 'attribute_exists(PK) AND version = :v', ExpressionAttributeValues: { ':v': readVersion } }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    if (!(await getWebhook(tenantId, id))) throw new NotFound('Webhook', id);
    throw new VersionConflict('The webhook changed while it was being deleted; read it again');
  }
}

/**
 * Applies what an attempt says about the endpoint's health (the delivery worker). Each
 * change is conditional on the state it moves from, so concurrent attempts agree; a
 * subscription deleted meanwhile is left deleted.
 */
export async function changeWebhookHealth(tenantId: string, id: string, change: HealthChange, now: string): Promise<void> {
  const update =
    change.kind === 'recovered'
      ? { expr: 'SET failingSince = :null', cond: 'failingSince <> :null', values: { ':null': null } }
      : change.kind === 'failing'
        ? { expr: 'SET failingSince = :since', cond: 'failingSince = :null', values: { ':null': null, ':since': change.since } }
        : { expr: 'SET enabled = :no, disabledReason = :reason, failingSince = :since', cond: 'enabled = :yes', values: { ':no': false, ':yes': true, ':reason': change.reason, ':since': change.since } };
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: webhookKey(tenantId, id),
        UpdateExpression: `${update.expr}, version = version + :one, updatedAt = :now`,
        ConditionExpression: `attribute_exists(PK) AND ${update.cond}`,
        ExpressionAttributeValues: { ...update.values, ':one': 1, ':now': now },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

const deliveryItem = (tenantId: string, d: WebhookDelivery) => ({
  ...deliveryKey(tenantId, d.webhookId, d.id),
  entity: 'webhook-delivery',
  ...d,
  expiresAt: Math.floor(Date.parse(d.createdAt) / 1000) + LOG_RETENTION_SECONDS,
});
const toDelivery = (item: Record<string, unknown>): WebhookDelivery => withoutKeys<WebhookDelivery>(item);

/** Creates a delivery unless the event already has one for this webhook; returns what is stored and whether it is new. */
export async function putDeliveryIfAbsent(tenantId: string, d: WebhookDelivery): Promise<{ delivery: WebhookDelivery; created: boolean }> {
  try {
    await documentClient.send(new PutCommand({ TableName: tableName, Item: deliveryItem(tenantId, d), ConditionExpression: 'attribute_not_exists(PK)' }));
    return { delivery: d, created: true };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const existing = await getDelivery(tenantId, d.webhookId, d.id);
    if (!existing) throw error;
    return { delivery: existing, created: false };
  }
}

export async function getDelivery(tenantId: string, webhookId: string, id: string): Promise<WebhookDelivery | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: deliveryKey(tenantId, webhookId, id), ConsistentRead: true }));
  return out.Item ? toDelivery(out.Item) : undefined;
}

/**
 * Writes a delivery's next state if it still has `attemptsBefore` attempts and the status it
 * was read with: the one write per attempt, so a redelivered message records nothing twice.
 * Returns false when another write came first.
 */
export async function saveDelivery(tenantId: string, next: WebhookDelivery, read: Pick<WebhookDelivery, 'status' | 'attempts'>): Promise<boolean> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: deliveryItem(tenantId, next),
        ConditionExpression: 'size(attempts) = :n AND #status = :status',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':n': read.attempts.length, ':status': read.status },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export async function listDeliveries(tenantId: string, webhookId: string, q: { limit: number; cursor?: string; status?: string }): Promise<Page<WebhookDelivery>> {
  return queryPage(
    { tableName, partitionAttribute: 'PK', partitionValue: deliveriesPartition(tenantId, webhookId), limit: q.limit, cursor: q.cursor, filters: { status: q.status }, newestFirst: true },
    toDelivery,
  );
}

/**
 * Takes one of an endpoint's `limit` slots for `leaseMs` (free, or its lease expired), so at
 * most `limit` attempts to one endpoint are in flight at once. Returns the slot or undefined.
 */
export async function acquireSlot(tenantId: string, webhookId: string, limit: number, owner: string, leaseMs: number, nowMs = Date.now()): Promise<number | undefined> {
  const start = Math.floor(Math.random() * limit);
  for (let i = 0; i < limit; i++) {
    const n = (start + i) % limit;
    try {
      await documentClient.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...slotKey(tenantId, webhookId, n), entity: 'webhook-slot', owner, leaseUntil: nowMs + leaseMs, expiresAt: Math.ceil((nowMs + leaseMs) / 1000) + 3600 },
          ConditionExpression: 'attribute_not_exists(PK) OR leaseUntil < :now',
          ExpressionAttributeValues: { ':now': nowMs },
        }),
      );
      return n;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  return undefined;
}

export async function releaseSlot(tenantId: string, webhookId: string, n: number, owner: string): Promise<void> {
  try {
    await documentClient.send(
      new DeleteCommand({ TableName: tableName, Key: slotKey(tenantId, webhookId, n), ConditionExpression: '#owner = :owner', ExpressionAttributeNames: { '#owner': 'owner' }, ExpressionAttributeValues: { ':owner': owner } }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}
