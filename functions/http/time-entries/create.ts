import type { z } from 'zod';
import { createTimeEntry as log } from '#application/time-entries/create-time-entry';
import { caller, resourceResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { timeEntriesRoutes } from '#lib/model/routes/time-entries';
import type { IdParams } from '#lib/model/schemas/common';
import type { CreateTimeEntryBody } from '#lib/model/schemas/time-entries';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function createTimeEntry({ params, body, principal }: HttpRequest<z.infer<typeof IdParams>, unknown, z.infer<typeof CreateTimeEntryBody>>) {
  return resourceResult(await log(caller(principal), params.id, body), 201);
}

export const handler = httpRoute(findRoute(timeEntriesRoutes, 'createTimeEntry'), createTimeEntry);
