import type * as z from 'zod';
import { updateNotificationPreferences as updatePreferences } from '#application/notification-preferences/update-notification-preferences';
import { preferencesView } from '#domain/email-notifications';
import { findRoute } from '#lib/model/find-route';
import { notificationPreferencesRoutes } from '#lib/model/routes/notification-preferences';
import type { NotificationPreferencesBody } from '#lib/model/schemas/notification-preferences';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** PUT: the caller's own preferences, replaced whole. */
export async function updateNotificationPreferences({ body, principal }: HttpRequest<unknown, unknown, z.infer<typeof NotificationPreferencesBody>>) {
  return { status: 200, body: preferencesView(await updatePreferences(caller(principal), body, new Date())) };
}

export const handler = httpRoute(findRoute(notificationPreferencesRoutes, 'updateNotificationPreferences'), updateNotificationPreferences);
