import { deleteFeed, getFeed } from '#adapters/dynamodb/schedule-repository';
import { findRoute } from '#lib/model/find-route';
import { scheduleRoutes } from '#lib/model/routes/schedule';
import { NotFound } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';
import { scheduleOwner } from './list';

/** Revokes a feed of the tenant; technicians revoke only their own. */
export async function deleteScheduleFeed({ params, principal }: HttpRequest<{ id: string }>) {
  const who = caller(principal);
  const feed = await getFeed(who.tenantId, params.id);
  if (!feed) throw new NotFound('ScheduleFeed', params.id);
  await scheduleOwner(who, feed.technicianId);
  await deleteFeed(who.tenantId, feed.id);
  return { status: 204, audit: { resourceId: feed.id, before: { id: feed.id, technicianId: feed.technicianId } } };
}

export const handler = httpRoute(findRoute(scheduleRoutes, 'deleteScheduleFeed'), deleteScheduleFeed);
