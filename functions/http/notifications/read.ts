import { getNotification, saveReadNotification } from '#adapters/dynamodb/notifications-repository';
import { notificationView, readNotification as markRead } from '#domain/notifications';
import { findRoute } from '#lib/model/find-route';
import { notificationsRoutes } from '#lib/model/routes/notifications';
import { NotFound } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/**
 * Steps: load the caller's notification (another user's is 404: it is keyed by the
 * caller's id); mark it read, conditioned on the version read, retrying when an event
 * was grouped into it meanwhile.
 */
export async function readNotification({ params, principal }: HttpRequest<{ id: string }>) {
  const who = caller(principal);
  for (let attempt = 0; attempt < 5; attempt++) {
    const found = await getNotification(who.tenantId, who.subject, params.id);
    if (!found) throw new NotFound('Notification', params.id);
    const read = markRead(found, new Date().toISOString());
    if (read === found || (await saveReadNotification(who.tenantId, read, found.version))) return { status: 200, body: notificationView(read) };
  }
  throw new Error(`notification ${params.id} kept changing while being marked read`);
}

export const handler = httpRoute(findRoute(notificationsRoutes, 'readNotification'), readNotification);
