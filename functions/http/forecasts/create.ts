import { createForecast as createForecastUseCase } from '#application/forecasts/create-forecast';
import { isFinal } from '#domain/forecast-jobs';
import { findRoute } from '#lib/model/find-route';
import { forecastsRoutes, MAX_FORECAST_WAIT_SECONDS } from '#lib/model/routes/forecasts';
import type { CreateForecastBody } from '#lib/model/schemas/forecasts';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { preferredWait } from '#http-stack/prefer';
import { caller, resourceResult } from '#http-stack/resources';

/**
 * `POST /v1/forecasts`: 202, the job queued or running (the forecast worker runs it); with
 * `Prefer: wait=N` (RFC 7240), 200 and the ended job when it ended within N seconds (N at
 * most {@link MAX_FORECAST_WAIT_SECONDS}), said so in `Preference-Applied`.
 */
export async function createForecast({ body, principal, headers }: HttpRequest<unknown, unknown, CreateForecastBody>) {
  const wait = preferredWait(headers.prefer, MAX_FORECAST_WAIT_SECONDS);
  const job = await createForecastUseCase(caller(principal), body, { waitSeconds: wait ?? 0 });
  const answer: Record<string, string> = { Location: `/v1/forecasts/${job.id}`, Vary: 'Prefer' };
  if (wait !== undefined) answer['Preference-Applied'] = `wait=${wait}`;
  const audit = { resourceId: job.id };
  if (isFinal(job.status)) return { ...resourceResult(job, 200, answer), audit };
  return { status: 202, body: { id: job.id, status: job.status }, headers: answer, audit };
}

export const handler = httpRoute(findRoute(forecastsRoutes, 'createForecast'), createForecast);
