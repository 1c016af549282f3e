import { getNotification, saveReadNotification } from '#adapters/dynamodb/notifications-repository';
import { foundOrNotFound } from '#application/visible';
import { readNotification as markRead, type Notification } from '#domain/notifications';
import type { Principal } from '#domain/principal';

/** How many times a notification that keeps changing is read again before giving up. */
const ATTEMPTS = 5;

/**
 * Marks one of the caller's notifications read. Steps:
 *   1. load the caller's notification (another user's is NotFound: it is keyed by the
 *      caller's id);
 *   2. mark it read (one already read is answered as it is);
 *   3. save it conditioned on the version read; when an event was grouped into it
 *      meanwhile, start again from 1 (at most 5 times).
 */
export async function readNotification(who: Principal, id: string): Promise<Notification> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const found = foundOrNotFound(await getNotification(who.tenantId, who.subject, id), 'Notification', id);
    const read = markRead(found, new Date().toISOString());
    if (read === found || (await saveReadNotification(who.tenantId, read, found.version))) return read;
  }
  throw new Error(`notification ${id} kept changing while being marked read`);
}
