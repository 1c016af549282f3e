import { entriesBetween, feedForToken } from '#adapters/dynamodb/schedule-repository';
import { getTechnician } from '#adapters/dynamodb/technicians-repository';
import { icsCalendar } from '#domain/scheduling';
import { Unauthorized } from '#platform/errors';

/** What a calendar shows: the last 30 days and the next 90. */
const PAST_DAYS = 30;
const FUTURE_DAYS = 90;

/**
 * A technician's calendar as RFC 5545 text, for the holder of a feed link. Steps: the
 * feed the link names, if its token matches (Unauthorized otherwise, the same for an
 * unknown, revoked or mistyped feed); the technician's visits in the window; the text.
 */
export async function getScheduleIcs(link: { feed: string; token: string }): Promise<string> {
  const feed = await feedForToken(link.feed, link.token);
  if (!feed) throw new Unauthorized('This calendar link is not valid (revoked or mistyped)');
  const now = Date.now();
  const technician = await getTechnician(feed.tenantId, feed.technicianId);
  const entries = await entriesBetween(feed.tenantId, {
    technicianId: feed.technicianId,
    from: new Date(now - PAST_DAYS * 86_400_000).toISOString(),
    to: new Date(now + FUTURE_DAYS * 86_400_000).toISOString(),
  });
  return icsCalendar(`Hydrant - ${technician?.name ?? feed.technicianId}`, entries, new Date(now).toISOString());
}
