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
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { HealthChange, SealedSecret, WebhookDelivery, WebhookSubscription } from '#domain/webhook-subscriptions';
import { tableName, tenantKey } from './client';
import { entityRepository, writeIf } from './entity-repository';
import { withoutKeys } from './items';
import type { Page } from './query-page';

const LOG_RETENTION_SECONDS = 30 * 86_400;

export const webhookKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'WEBHOOK', id), SK: 'WEBHOOK' });
const slotKey = (tenantId: string, webhookId: string, n: number) => ({ PK: tenantKey(tenantId, 'WEBHOOK', webhookId, 'SLOTS'), SK: String(n) });

export interface StoredWebhook {
  readonly subscription: WebhookSubscription;
  readonly secrets: readonly SealedSecret[];
}

const toSubscription = (item: Record<string, unknown>): WebhookSubscription => {
  const { secrets: _secrets, ...rest } = withoutKeys<WebhookSubscription & { secrets?: unknown }>(item);
  return rest;
};

const webhooks = entityRepository<StoredWebhook>()({
  entity: 'webhook',
  key: webhookKey,
  idOf: (stored) => stored.subscription.id,
  indexes: { all: { name: 'GSI1', partition: (t: string) => tenantKey(t, 'WEBHOOKS'), entry: (stored) => ({ in: undefined, sort: stored.subscription.id }) } },
  attributes: (stored) => ({ ...stored.subscription, secrets: stored.secrets }),
  fromItem: (item) => ({ subscription: toSubscription(item), secrets: (item.secrets ?? []) as SealedSecret[] }),
  consistentReads: true,
});

export const createWebhook = webhooks.create;

export const getWebhook = (tenantId: string, id: string): Promise<StoredWebhook | undefined> => webhooks.get(tenantId, id);

export async function listWebhooks(tenantId: string, q: { limit: number; cursor?: string }): Promise<Page<WebhookSubscription>> {
  const page = await webhooks.list(tenantId, 'all', undefined, q);
  return { items: page.items.map((s) => s.subscription), nextCursor: page.nextCursor };
}

/** Every enabled subscription of a tenant (the fan-out reads them all for each event). */
export async function enabledWebhooks(tenantId: string): Promise<WebhookSubscription[]> {
  return (await webhooks.all(tenantId, 'all', undefined, { where: { equals: { enabled: true } } })).map((s) => s.subscription);
}

/** Writes a new version (a user's change, or a rotation); VersionConflict when it changed since `readVersion`. */
export const saveWebhook = webhooks.putVersion;

export const deleteWebhook = webhooks.deleteVersion;

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
  await writeIf(
    new UpdateCommand({
      TableName: tableName,
      Key: webhookKey(tenantId, id),
      UpdateExpression: `${update.expr}, version = version + :one, updatedAt = :now`,
      ConditionExpression: `attribute_exists(PK) AND ${update.cond}`,
      ExpressionAttributeValues: { ...update.values, ':one': 1, ':now': now },
    }),
  );
}

const deliveriesPartition = (tenantId: string, webhookId: string) => tenantKey(tenantId, 'WEBHOOK', webhookId, 'DELIVERIES');
const deliveries = entityRepository<WebhookDelivery, { readonly webhookId: string; readonly id: string }>()({
  entity: 'webhook-delivery',
  key: (tenantId, d) => ({ PK: deliveriesPartition(tenantId, d.webhookId), SK: d.id }),
  idOf: (d) => ({ webhookId: d.webhookId, id: d.id }),
  indexes: { ofWebhook: { name: 'table', partition: deliveriesPartition } },
  attributes: (d) => ({ ...d, expiresAt: Math.floor(Date.parse(d.createdAt) / 1000) + LOG_RETENTION_SECONDS }),
  consistentReads: true,
});

/** Creates a delivery unless the event already has one for this webhook; returns what is stored and whether it is new. */
export async function putDeliveryIfAbsent(tenantId: string, d: WebhookDelivery): Promise<{ delivery: WebhookDelivery; created: boolean }> {
  if (await writeIf(new PutCommand(deliveries.transact.create(tenantId, d).Put!))) return { delivery: d, created: true };
  const existing = await getDelivery(tenantId, d.webhookId, d.id);
  if (!existing) throw new Error(`delivery ${d.id} of webhook ${d.webhookId}: refused as existing, then not found`);
  return { delivery: existing, created: false };
}

export const getDelivery = (tenantId: string, webhookId: string, id: string): Promise<WebhookDelivery | undefined> => deliveries.get(tenantId, { webhookId, id });

/**
 * Writes a delivery's next state if it still has `attemptsBefore` attempts and the status it
 * was read with: the one write per attempt, so a redelivered message records nothing twice.
 * Returns false when another write came first.
 */
export async function saveDelivery(tenantId: string, next: WebhookDelivery, read: Pick<WebhookDelivery, 'status' | 'attempts'>): Promise<boolean> {
  return writeIf(
    new PutCommand({
      TableName: tableName,
      Item: deliveries.item(tenantId, next),
      ConditionExpression: 'size(attempts) = :n AND #status = :status',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':n': read.attempts.length, ':status': read.status },
    }),
  );
}

export async function listDeliveries(tenantId: string, webhookId: string, q: { limit: number; cursor?: string; status?: string }): Promise<Page<WebhookDelivery>> {
  return deliveries.list(tenantId, 'ofWebhook', webhookId, { limit: q.limit, cursor: q.cursor, where: { equals: { status: q.status } }, newestFirst: true });
}

/**
 * Takes one of an endpoint's `limit` slots for `leaseMs` (free, or its lease expired), so at
 * most `limit` attempts to one endpoint are in flight at once. Returns the slot or undefined.
 */
export async function acquireSlot(tenantId: string, webhookId: string, limit: number, owner: string, leaseMs: number, nowMs = Date.now()): Promise<number | undefined> {
  const start = Math.floor(Math.random() * limit);
  for (let i = 0; i < limit; i++) {
    const n = (start + i) % limit;
    const taken = await writeIf(
      new PutCommand({
        TableName: tableName,
        Item: { ...slotKey(tenantId, webhookId, n), entity: 'webhook-slot', owner, leaseUntil: nowMs + leaseMs, expiresAt: Math.ceil((nowMs + leaseMs) / 1000) + 3600 },
        ConditionExpression: 'attribute_not_exists(PK) OR leaseUntil < :now',
        ExpressionAttributeValues: { ':now': nowMs },
      }),
    );
    if (taken) return n;
  }
  return undefined;
}

export async function releaseSlot(tenantId: string, webhookId: string, n: number, owner: string): Promise<void> {
  await writeIf(
    new DeleteCommand({ TableName: tableName, Key: slotKey(tenantId, webhookId, n), ConditionExpression: '#owner = :owner', ExpressionAttributeNames: { '#owner': 'owner' }, ExpressionAttributeValues: { ':owner': owner } }),
  );
}
