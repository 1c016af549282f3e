import type { z } from 'zod';
import { deleteScheduleFeed as revoke } from '#application/schedule/delete-schedule-feed';
import { caller } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { scheduleRoutes } from '#lib/model/routes/schedule';
import type { IdParams } from '#lib/model/schemas/common';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function deleteScheduleFeed({ params, principal }: HttpRequest<z.infer<typeof IdParams>>) {
  const feed = await revoke(caller(principal), params.id);
  return { status: 204, audit: { resourceId: feed.id, before: { id: feed.id, technicianId: feed.technicianId } } };
}

export const handler = httpRoute(findRoute(scheduleRoutes, 'deleteScheduleFeed'), deleteScheduleFeed);
