import { readAllNotifications as readAllNotificationsUseCase } from '#application/notifications/read-all-notifications';
import { findRoute } from '#lib/model/find-route';
import { notificationsRoutes } from '#lib/model/routes/notifications';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** Marks up to 500 unread notifications read per call; a caller with more calls again. */
export async function readAllNotifications({ principal }: HttpRequest) {
  return { status: 200, body: { updated: await readAllNotificationsUseCase(caller(principal)) } };
}

export const handler = httpRoute(findRoute(notificationsRoutes, 'readAllNotifications'), readAllNotifications);
