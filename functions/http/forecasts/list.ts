import type * as z from 'zod';
import { listForecasts as listForecastsUseCase } from '#application/forecasts/list-forecasts';
import { findRoute } from '#lib/model/find-route';
import { forecastsRoutes } from '#lib/model/routes/forecasts';
import type { ListForecastsQuery } from '#lib/model/schemas/forecasts';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

/** Newest first; a machine client without `telemetry.read` does not see sensor forecasts. */
export async function listForecasts({ query, principal }: HttpRequest<unknown, z.infer<typeof ListForecastsQuery>>) {
  return pageResult(await listForecastsUseCase(caller(principal), query));
}

export const handler = httpRoute(findRoute(forecastsRoutes, 'listForecasts'), listForecasts);
