import { getForecastJob } from '#adapters/dynamodb/forecast-jobs-repository';
import { canReadForecast } from '#domain/forecast-jobs';
import { findRoute } from '#lib/model/find-route';
import { forecastsRoutes } from '#lib/model/routes/forecasts';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult, visibleOr404 } from '#http-stack/resources';

/** The job's status and, once it has succeeded, its result; the ETag changes with every state change. */
export async function getForecast({ params, principal }: HttpRequest<{ id: string }>) {
  const who = caller(principal);
  const job = visibleOr404(await getForecastJob(who.tenantId, params.id), (j) => canReadForecast(who, j), 'Forecast', params.id);
  return resourceResult(job);
}

export const handler = httpRoute(findRoute(forecastsRoutes, 'getForecast'), getForecast);
