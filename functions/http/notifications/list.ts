import type * as z from 'zod';
import { listNotifications as listNotificationsUseCase } from '#application/notifications/list-notifications';
import { notificationView } from '#domain/notifications';
import { findRoute } from '#lib/model/find-route';
import { notificationsRoutes } from '#lib/model/routes/notifications';
import type { ListNotificationsQuery } from '#lib/model/schemas/notifications';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

/** Only the caller's own notifications: the user id comes from the token, never from the request. */
export async function listNotifications({ query, principal }: HttpRequest<unknown, z.infer<typeof ListNotificationsQuery>>) {
  const page = await listNotificationsUseCase(caller(principal), query);
  return pageResult({ items: page.items.map(notificationView), nextCursor: page.nextCursor });
}

export const handler = httpRoute(findRoute(notificationsRoutes, 'listNotifications'), listNotifications);
