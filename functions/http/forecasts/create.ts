import { createForecast as createForecastUseCase } from '#application/forecasts/create-forecast';
import { findRoute } from '#lib/model/find-route';
import { forecastsRoutes } from '#lib/model/routes/forecasts';
import type { CreateForecastBody } from '#lib/model/schemas/forecasts';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** `POST /v1/forecasts`: 202, the job queued; the forecast worker runs it. */
export async function createForecast({ body, principal }: HttpRequest<unknown, unknown, CreateForecastBody>) {
  const job = await createForecastUseCase(caller(principal), body);
  return { status: 202, body: { id: job.id, status: 'queued' }, headers: { Location: `/v1/forecasts/${job.id}` }, audit: { resourceId: job.id } };
}

export const handler = httpRoute(findRoute(forecastsRoutes, 'createForecast'), createForecast);
