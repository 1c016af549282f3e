import { listNotifications as queryNotifications } from '#adapters/dynamodb/notifications-repository';
import { notificationView } from '#domain/notifications';
import { findRoute } from '#lib/model/find-route';
import { notificationsRoutes } from '#lib/model/routes/notifications';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

type Query = { limit: number; cursor?: string; unread: boolean };

/** Only the caller's own notifications: the user id comes from the token, never from the request. */
export async function listNotifications({ query, principal }: HttpRequest<unknown, Query>) {
  const who = caller(principal);
  const page = await queryNotifications(who.tenantId, who.subject, query);
  return pageResult({ items: page.items.map(notificationView), nextCursor: page.nextCursor });
}

export const handler = httpRoute(findRoute(notificationsRoutes, 'listNotifications'), listNotifications);
