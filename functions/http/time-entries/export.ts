import type { z } from 'zod';
import { exportTimeEntries as exportCsv } from '#application/time-entries/export-time-entries';
import { caller } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { timeEntriesRoutes } from '#lib/model/routes/time-entries';
import type { TimeExportQuery } from '#lib/model/schemas/time-entries';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** The payroll CSV of `[from, to)`, as a file named after the range. */
export async function exportTimeEntries({ query, principal }: HttpRequest<unknown, z.infer<typeof TimeExportQuery>>) {
  const text = await exportCsv(caller(principal), query);
  const name = `time-entries_${query.from.slice(0, 10)}_${query.to.slice(0, 10)}.csv`;
  return { status: 200, rawBody: { contentType: 'text/csv; charset=utf-8; header=present', text }, headers: { 'Content-Disposition': `attachment; filename="${name}"` } };
}

export const handler = httpRoute(findRoute(timeEntriesRoutes, 'exportTimeEntries'), exportTimeEntries);
