import { entriesBetween, feedForToken } from '#adapters/dynamodb/schedule-repository';
import { getTechnician } from '#adapters/dynamodb/technicians-repository';
import { icsCalendar } from '#domain/scheduling';
import { findRoute } from '#lib/model/find-route';
import { scheduleRoutes } from '#lib/model/routes/schedule';
import { Unauthorized } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** What a calendar shows: the last 30 days and the next 90. */
const PAST_DAYS = 30;
const FUTURE_DAYS = 90;

/**
 * Steps: the feed the URL names, if its token matches (401 otherwise, the same for an
 * unknown, revoked or mistyped feed); the technician's visits in the window; RFC 5545 text.
 */
export async function getScheduleIcs({ query }: HttpRequest<unknown, { feed: string; token: string }>) {
  const feed = await feedForToken(query.feed, query.token);
  if (!feed) throw new Unauthorized('This calendar link is not valid (revoked or mistyped)');
  const now = Date.now();
  const technician = await getTechnician(feed.tenantId, feed.technicianId);
  const entries = await entriesBetween(feed.tenantId, {
    technicianId: feed.technicianId,
    from: new Date(now - PAST_DAYS * 86_400_000).toISOString(),
    to: new Date(now + FUTURE_DAYS * 86_400_000).toISOString(),
  });
  const text = icsCalendar(`Hydrant - ${technician?.name ?? feed.technicianId}`, entries, new Date(now).toISOString());
  return { status: 200, rawBody: { contentType: 'text/calendar; charset=utf-8', text }, headers: { 'Cache-Control': 'private, max-age=300' } };
}

export const handler = httpRoute(findRoute(scheduleRoutes, 'getScheduleIcs'), getScheduleIcs);
