import type { z } from 'zod';
import { getScheduleIcs as calendar } from '#application/schedule/get-schedule-ics';
import { findRoute } from '#lib/model/find-route';
import { scheduleRoutes } from '#lib/model/routes/schedule';
import type { IcsQuery } from '#lib/model/schemas/schedule';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** The calendar of a feed link (no principal: the link's token is the credential). */
export async function getScheduleIcs({ query }: HttpRequest<unknown, z.infer<typeof IcsQuery>>) {
  const text = await calendar(query);
  return { status: 200, rawBody: { contentType: 'text/calendar; charset=utf-8', text }, headers: { 'Cache-Control': 'private, max-age=300' } };
}

export const handler = httpRoute(findRoute(scheduleRoutes, 'getScheduleIcs'), getScheduleIcs);
