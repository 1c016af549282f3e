import { getNotificationPreferences as getPreferences } from '#application/notification-preferences/get-notification-preferences';
import { preferencesView } from '#domain/email-notifications';
import { findRoute } from '#lib/model/find-route';
import { notificationPreferencesRoutes } from '#lib/model/routes/notification-preferences';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** The caller's own preferences: the user comes from the token, never from the request. */
export async function getNotificationPreferences({ principal }: HttpRequest) {
  return { status: 200, body: preferencesView(await getPreferences(caller(principal))) };
}

export const handler = httpRoute(findRoute(notificationPreferencesRoutes, 'getNotificationPreferences'), getNotificationPreferences);
