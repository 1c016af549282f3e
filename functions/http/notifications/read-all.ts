import { listNotifications, saveReadNotification } from '#adapters/dynamodb/notifications-repository';
import { readNotification } from '#domain/notifications';
import { findRoute } from '#lib/model/find-route';
import { notificationsRoutes } from '#lib/model/routes/notifications';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** Bounds one call; a caller with more unread notifications calls again. */
const MAX_PAGES = 10;

/**
 * Steps: page through the caller's unread index and mark each read, conditioned on its
 * version (one that changed meanwhile got a new event and stays unread: it is news).
 */
export async function readAllNotifications({ principal }: HttpRequest) {
  const who = caller(principal);
  const now = new Date().toISOString();
  let updated = 0;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    // Always the first page: what is marked read leaves the unread index.
    const page = await listNotifications(who.tenantId, who.subject, { unread: true, limit: 50 });
    if (page.items.length === 0) break;
    const saved = await Promise.all(page.items.map((n) => saveReadNotification(who.tenantId, readNotification(n, now), n.version)));
    const done = saved.filter(Boolean).length;
    updated += done;
    if (done === 0 || !page.nextCursor) break;
  }
  return { status: 200, body: { updated } };
}

export const handler = httpRoute(findRoute(notificationsRoutes, 'readAllNotifications'), readAllNotifications);
