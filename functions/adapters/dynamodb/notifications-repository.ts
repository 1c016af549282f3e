/**
 * Notifications in the application table, one item per user and group. Keys (all under the tenant):
 *   item            PK = T#t#USER#<u>#NOTIF#<id>        SK = NOTIF
 *   a user's        GSI1PK = T#t#USER#<u>#NOTIFS         GSI1SK = <lastAt>#<id>
 *   unread (sparse) GSI2PK = T#t#USER#<u>#NOTIFS#UNREAD  GSI2SK = <lastAt>#<id>
 *   event applied   PK = T#t#NOTIFEVENT#<eventId>#<u>    SK = NOTIFEVENT (TTL 14 days)
 * The "applied" marker is written in the same transaction as the notification, so an
 * event delivered twice is counted once per user.
 */
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Notification } from '#domain/notifications';
import { documentClient, tableName, tenantKey } from './client';
import { failedConditions, withoutKeys } from './items';
import { queryPage, type Page } from './query-page';

const APPLIED_TTL_SECONDS = 14 * 86_400;
const MAX_ATTEMPTS = 5;

export const notificationKey = (tenantId: string, userId: string, id: string) => ({ PK: tenantKey(tenantId, 'USER', userId, 'NOTIF', id), SK: 'NOTIF' });
const userPartition = (tenantId: string, userId: string) => tenantKey(tenantId, 'USER', userId, 'NOTIFS');
const unreadPartition = (tenantId: string, userId: string) => tenantKey(tenantId, 'USER', userId, 'NOTIFS', 'UNREAD');

function notificationItem(tenantId: string, n: Notification): Record<string, unknown> {
  const sort = `${n.lastAt}#${n.id}`;
  return {
    ...notificationKey(tenantId, n.userId, n.id),
    entity: 'notification',
    GSI1PK: userPartition(tenantId, n.userId),
    GSI1SK: sort,
    ...(n.readAt === null ? { GSI2PK: unreadPartition(tenantId, n.userId), GSI2SK: sort } : {}),
    ...n,
  };
}

const versionCondition = (existing: Notification | undefined) =>
  existing
    ? { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': existing.version } }
    : { ConditionExpression: 'attribute_not_exists(PK)' };

export async function getNotification(tenantId: string, userId: string, id: string): Promise<Notification | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: notificationKey(tenantId, userId, id) }));
  return out.Item ? withoutKeys<Notification>(out.Item) : undefined;
}

/**
 * Adds one event to a user's notification group, once per event id: `merge` makes the
 * new state from the current one; a concurrent change of the group is retried.
 * Returns false when this event had already been applied for this user.
 */
export async function applyNotificationEvent(
  tenantId: string,
  userId: string,
  id: string,
  eventId: string,
  merge: (existing: Notification | undefined) => Notification,
): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const existing = await getNotification(tenantId, userId, id);
    const next = merge(existing);
    try {
      await documentClient.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: {
                  PK: tenantKey(tenantId, 'NOTIFEVENT', eventId, userId),
                  SK: 'NOTIFEVENT',
                  entity: 'notification-event',
                  expiresAt: Math.floor(Date.now() / 1000) + APPLIED_TTL_SECONDS,
                },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            { Put: { TableName: tableName, Item: notificationItem(tenantId, next), ...versionCondition(existing) } },
          ],
        }),
      );
      return true;
    } catch (error) {
      const failed = failedConditions(error);
      if (failed.has(0)) return false;
      if (attempt >= MAX_ATTEMPTS) throw new Error(`notification ${id} of ${userId} kept changing during ${MAX_ATTEMPTS} attempts`);
    }
  }
}

/** A user's notifications, latest first; only the unread ones when asked. */
export async function listNotifications(tenantId: string, userId: string, query: { unread: boolean; limit: number; cursor?: string }): Promise<Page<Notification>> {
  return queryPage(
    {
      tableName,
      index: query.unread ? 'GSI2' : 'GSI1',
      partitionAttribute: query.unread ? 'GSI2PK' : 'GSI1PK',
      partitionValue: query.unread ? unreadPartition(tenantId, userId) : userPartition(tenantId, userId),
      limit: query.limit,
      cursor: query.cursor,
      newestFirst: true,
    },
    (item) => withoutKeys<Notification>(item),
  );
}

/** Saves a notification read at the version it was read; false when it changed meanwhile. */
export async function saveReadNotification(tenantId: string, n: Notification, readVersion: number): Promise<boolean> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: notificationItem(tenantId, n),
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': readVersion },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
