import { deleteFeed, getFeed, type CalendarFeed } from '#adapters/dynamodb/schedule-repository';
import type { Principal } from '#domain/principal';
import { foundOrNotFound } from '#application/visible';
import { scheduleOwner } from './schedule-owner';

/** Revokes a calendar feed. Steps: load it (NotFound); technicians revoke only their own ({@link scheduleOwner}); delete it. */
export async function deleteScheduleFeed(who: Principal, id: string): Promise<CalendarFeed> {
  const feed = foundOrNotFound(await getFeed(who.tenantId, id), 'ScheduleFeed', id);
  await scheduleOwner(who, feed.technicianId);
  await deleteFeed(who.tenantId, feed.id);
  return feed;
}
