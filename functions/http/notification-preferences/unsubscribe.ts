import type * as z from 'zod';
import { unsubscribe as unsubscribeUseCase } from '#application/notification-preferences/unsubscribe';
import { findRoute } from '#lib/model/find-route';
import { notificationPreferencesRoutes } from '#lib/model/routes/notification-preferences';
import type { UnsubscribeQuery } from '#lib/model/schemas/notification-preferences';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** An e-mail's unsubscribe link (no principal: the signed token is the credential). */
export async function unsubscribe({ query }: HttpRequest<unknown, z.infer<typeof UnsubscribeQuery>>) {
  return { status: 200, body: await unsubscribeUseCase(query.token, new Date()) };
}

export const handler = httpRoute(findRoute(notificationPreferencesRoutes, 'unsubscribe'), unsubscribe);
