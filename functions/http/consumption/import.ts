import type * as z from 'zod';
import { importConsumption as importConsumptionUseCase, type ConsumptionImport } from '#application/consumption/import-consumption';
import { caller } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { consumptionRoutes } from '#lib/model/routes/consumption';
import type { ImportConsumptionBody } from '#lib/model/schemas/consumption';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function importConsumption({ body, principal }: HttpRequest<Record<string, never>, Record<string, never>, z.infer<typeof ImportConsumptionBody>>) {
  const input: ConsumptionImport = body.csv !== undefined ? { csv: body.csv } : { rows: body.rows ?? [] };
  return { status: 200, body: await importConsumptionUseCase(caller(principal), input, new Date()) };
}

export const handler = httpRoute(findRoute(consumptionRoutes, 'importConsumption'), importConsumption);
