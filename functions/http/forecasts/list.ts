import { listForecastJobs } from '#adapters/dynamodb/forecast-jobs-repository';
import { canReadForecast } from '#domain/forecast-jobs';
import { findRoute } from '#lib/model/find-route';
import { forecastsRoutes } from '#lib/model/routes/forecasts';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

type Query = { limit: number; cursor?: string; sensorId?: string };

/** Newest first; a machine client without `telemetry.read` does not see sensor forecasts. */
export async function listForecasts({ query, principal }: HttpRequest<unknown, Query>) {
  const who = caller(principal);
  return pageResult(await listForecastJobs(who.tenantId, query, (j) => canReadForecast(who, j)));
}

export const handler = httpRoute(findRoute(forecastsRoutes, 'listForecasts'), listForecasts);
