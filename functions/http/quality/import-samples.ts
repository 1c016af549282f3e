import type * as z from 'zod';
import { importSamples } from '#application/quality/import-samples';
import { caller } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { qualityRoutes } from '#lib/model/routes/quality';
import type { ImportSamplesBody, ImportSamplesQuery } from '#lib/model/schemas/quality';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** `POST /v1/quality/samples` (JSON rows or a text/csv file). */
export async function importQualitySamples({ query, body, principal }: HttpRequest<unknown, z.infer<typeof ImportSamplesQuery>, z.infer<typeof ImportSamplesBody>>) {
  const outcome = await importSamples(caller(principal), body, query.tz, new Date());
  return { status: 200, body: outcome };
}

export const handler = httpRoute(findRoute(qualityRoutes, 'importQualitySamples'), importQualitySamples);
