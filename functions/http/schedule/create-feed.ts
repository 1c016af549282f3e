import type { z } from 'zod';
import { createScheduleFeed as create } from '#application/schedule/create-schedule-feed';
import { caller } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { scheduleRoutes } from '#lib/model/routes/schedule';
import type { CreateFeedBody } from '#lib/model/schemas/schedule';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** The new feed with its URL, shown once (the audit trail keeps no token). */
export async function createScheduleFeed({ body, principal }: HttpRequest<unknown, unknown, z.infer<typeof CreateFeedBody>>) {
  const feed = await create(caller(principal), body);
  return { status: 201, body: feed, headers: { Location: `/v1/schedule/feeds/${feed.id}` }, audit: { resourceId: feed.id, after: { id: feed.id, technicianId: feed.technicianId } } };
}

export const handler = httpRoute(findRoute(scheduleRoutes, 'createScheduleFeed'), createScheduleFeed);
