import { listNotifications, saveReadNotification } from '#adapters/dynamodb/notifications-repository';
import { readNotification } from '#domain/notifications';
import type { Principal } from '#domain/principal';

/** Bounds one call; a caller with more unread notifications calls again. */
const MAX_PAGES = 10;

/**
 * Marks the caller's unread notifications read. Steps, page by page (at most 10):
 *   1. read the first page of the caller's unread index (what is marked read leaves it);
 *   2. mark each read, conditioned on its version (one that changed meanwhile got a new
 *      event and stays unread: it is news);
 *   3. stop when nothing is left, nothing could be marked, or the index had one page.
 * Returns how many were marked read.
 */
export async function readAllNotifications(who: Principal): Promise<number> {
  const now = new Date().toISOString();
  let updated = 0;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const page = await listNotifications(who.tenantId, who.subject, { unread: true, limit: 50 });
    if (page.items.length === 0) break;
    const saved = await Promise.all(page.items.map((n) => saveReadNotification(who.tenantId, readNotification(n, now), n.version)));
    const done = saved.filter(Boolean).length;
    updated += done;
    if (done === 0 || !page.nextCursor) break;
  }
  return updated;
}
