import type { z } from 'zod';
import { getSchedule as read } from '#application/schedule/get-schedule';
import { caller } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { scheduleRoutes } from '#lib/model/routes/schedule';
import type { ScheduleQuery } from '#lib/model/schemas/schedule';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function getSchedule({ query, principal }: HttpRequest<never, z.infer<typeof ScheduleQuery>>) {
  return { status: 200, body: { data: await read(caller(principal), query) } };
}

export const handler = httpRoute(findRoute(scheduleRoutes, 'getSchedule'), getSchedule);
