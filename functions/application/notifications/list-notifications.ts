import { listNotifications as queryNotifications } from '#adapters/dynamodb/notifications-repository';
import type { Page } from '#adapters/dynamodb/query-page';
import type { Notification } from '#domain/notifications';
import type { Principal } from '#domain/principal';

/**
 * A page of the caller's own notifications (all, or the unread ones). The user id comes
 * from the caller's token, never from the request.
 */
export async function listNotifications(who: Principal, query: { limit: number; cursor?: string; unread: boolean }): Promise<Page<Notification>> {
  return queryNotifications(who.tenantId, who.subject, query);
}
