import type * as z from 'zod';
import { ingestTelemetry as ingestTelemetryUseCase } from '#application/telemetry/ingest-telemetry';
import { findRoute } from '#lib/model/find-route';
import { telemetryRoutes } from '#lib/model/routes/telemetry';
import type { IngestBody } from '#lib/model/schemas/telemetry';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** 202: every reading judged on its own; the good ones are stored and sent on for alerting. */
export async function ingestTelemetry({ body, principal }: HttpRequest<unknown, unknown, z.infer<typeof IngestBody>>) {
  const { accepted, rejected } = await ingestTelemetryUseCase(caller(principal), body.readings);
  return { status: 202, body: { accepted, rejected } };
}

export const handler = httpRoute(findRoute(telemetryRoutes, 'ingestTelemetry'), ingestTelemetry);
