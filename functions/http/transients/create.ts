import type * as z from 'zod';
import { scanPressureTransients } from '#application/transients/scan-pressure-transients';
import { findRoute } from '#lib/model/find-route';
import { transientsRoutes } from '#lib/model/routes/transients';
import type { TransientBurstBody } from '#lib/model/schemas/transients';
import { caller } from '#http-stack/resources';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** Scans the burst; the scan is not stored (its alert is), so a plain 200. */
export async function scanTransients({ params, body, principal }: HttpRequest<{ id: string }, unknown, z.infer<typeof TransientBurstBody>>) {
  return { status: 200, body: await scanPressureTransients(caller(principal), params.id, body) };
}

export const handler = httpRoute(findRoute(transientsRoutes, 'scanPressureTransients'), scanTransients);
