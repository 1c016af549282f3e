import { readNotification as readNotificationUseCase } from '#application/notifications/read-notification';
import { notificationView } from '#domain/notifications';
import { findRoute } from '#lib/model/find-route';
import { notificationsRoutes } from '#lib/model/routes/notifications';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** Another user's notification is 404: it is keyed by the caller's id. */
export async function readNotification({ params, principal }: HttpRequest<{ id: string }>) {
  return { status: 200, body: notificationView(await readNotificationUseCase(caller(principal), params.id)) };
}

export const handler = httpRoute(findRoute(notificationsRoutes, 'readNotification'), readNotification);
