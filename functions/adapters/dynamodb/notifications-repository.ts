/**
 * Notifications in the application table, one item per user and group. Keys (all under the tenant):
 *   item            PK = T#t#USER#<u>#NOTIF#<id>        SK = NOTIF
 *   a user's        GSI1PK = T#t#USER#<u>#NOTIFS         GSI1SK = <lastAt>#<id>
 *   unread (sparse) GSI2PK = T#t#USER#<u>#NOTIFS#UNREAD  GSI2SK = <lastAt>#<id>
 *   event applied   PK = T#t#NOTIFEVENT#<eventId>#<u>    SK = NOTIFEVENT (TTL 14 days)
 * The "applied" marker is written in the same transaction as the notification, so an
 * event delivered twice is counted once per user; its insert (tenant, user, notification,
 * event) feeds the notification-deliveries stream consumer (live push and e-mail).
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Notification } from '#domain/notifications';
import { documentClient, tableName, tenantKey } from './client';
import { entityRepository } from './entity-repository';
import { failedConditions } from './items';
import type { Page } from './query-page';

const APPLIED_TTL_SECONDS = 14 * 86_400;
const MAX_ATTEMPTS = 5;

export const notificationKey = (tenantId: string, userId: string, id: string) => ({ PK: tenantKey(tenantId, 'USER', userId, 'NOTIF', id), SK: 'NOTIF' });

const notifications = entityRepository<Notification, { readonly userId: string; readonly id: string }>()({
  entity: 'notification',
  key: (tenantId, n) => notificationKey(tenantId, n.userId, n.id),
  idOf: (n) => ({ userId: n.userId, id: n.id }),
  indexes: {
    ofUser: { name: 'GSI1', partition: (t: string, userId: string) => tenantKey(t, 'USER', userId, 'NOTIFS'), entry: (n) => ({ in: n.userId, sort: `${n.lastAt}#${n.id}` }) },
    unread: {
      name: 'GSI2',
      partition: (t: string, userId: string) => tenantKey(t, 'USER', userId, 'NOTIFS', 'UNREAD'),
      entry: (n) => (n.readAt === null ? { in: n.userId, sort: `${n.lastAt}#${n.id}` } : undefined),
    },
  },
});

export const getNotification = (tenantId: string, userId: string, id: string): Promise<Notification | undefined> => notifications.get(tenantId, { userId, id });

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
                  // What the notification-deliveries stream consumer reads from the marker's insert.
                  tenantId,
                  userId,
                  notificationId: id,
                  eventId,
                  expiresAt: Math.floor(Date.now() / 1000) + APPLIED_TTL_SECONDS,
                },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            existing ? notifications.transact.putVersion(tenantId, next, existing.version) : notifications.transact.create(tenantId, next),
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
  return notifications.list(tenantId, query.unread ? 'unread' : 'ofUser', userId, { limit: query.limit, cursor: query.cursor, newestFirst: true });
}

/** Saves a notification read at the version it was read; false when it changed meanwhile. */
export const saveReadNotification = notifications.putIfVersion;
