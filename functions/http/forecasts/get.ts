import { getForecast as getForecastUseCase } from '#application/forecasts/get-forecast';
import { findRoute } from '#lib/model/find-route';
import { forecastsRoutes } from '#lib/model/routes/forecasts';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

/** The job's status and, once it has succeeded, its result; the ETag changes with every state change. */
export async function getForecast({ params, principal }: HttpRequest<{ id: string }>) {
  return resourceResult(await getForecastUseCase(caller(principal), params.id));
}

export const handler = httpRoute(findRoute(forecastsRoutes, 'getForecast'), getForecast);
