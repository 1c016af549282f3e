import type * as z from 'zod';
import { correlateLeakNoise } from '#application/correlations/correlate-leak-noise';
import { findRoute } from '#lib/model/find-route';
import { correlationsRoutes } from '#lib/model/routes/correlations';
import type { CorrelationBody } from '#lib/model/schemas/correlations';
import { caller } from '#http-stack/resources';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** Locates a leak between two loggers of the zone; not stored, so a plain 200. */
export async function correlate({ params, body, principal }: HttpRequest<{ id: string }, unknown, z.infer<typeof CorrelationBody>>) {
  return { status: 200, body: await correlateLeakNoise(caller(principal), params.id, body) };
}

export const handler = httpRoute(findRoute(correlationsRoutes, 'correlateLeakNoise'), correlate);
