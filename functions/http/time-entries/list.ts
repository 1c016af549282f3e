import type { z } from 'zod';
import { listTimeEntries as list } from '#application/time-entries/list-time-entries';
import { caller, pageResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { timeEntriesRoutes } from '#lib/model/routes/time-entries';
import type { IdParams, PageQuery } from '#lib/model/schemas/common';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** A client user sees the time entries of its own client's work orders only. */
export async function listTimeEntries({ params, query, principal }: HttpRequest<z.infer<typeof IdParams>, z.infer<typeof PageQuery>>) {
  return pageResult(await list(caller(principal), params.id, query));
}

export const handler = httpRoute(findRoute(timeEntriesRoutes, 'listTimeEntries'), listTimeEntries);
