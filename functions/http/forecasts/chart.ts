import { getForecastJob } from '#adapters/dynamodb/forecast-jobs-repository';
import { canReadForecast } from '#domain/forecast-jobs';
import { renderForecastSvg } from '#domain/forecasting/index';
import { etagOf } from '#http-stack/etag';
import { NotFound } from '#platform/errors';
import { findRoute } from '#lib/model/find-route';
import { forecastsRoutes } from '#lib/model/routes/forecasts';
import { httpRoute, type HttpRequest, type HttpResult } from '#wiring/http-route';
import { caller, visibleOr404 } from '#http-stack/resources';

/** The SVG chart of a succeeded forecast; until then the chart does not exist (404). */
export async function getForecastChart({ params, principal }: HttpRequest<{ id: string }>): Promise<HttpResult> {
  const who = caller(principal);
  const job = visibleOr404(await getForecastJob(who.tenantId, params.id), (j) => canReadForecast(who, j), 'Forecast', params.id);
  if (job.status !== 'succeeded' || !job.result) throw new NotFound('Chart of forecast', `${params.id} (status ${job.status})`);
  const title = `${job.source.type === 'sensor' ? `Sensor ${job.source.sensorId}` : 'CSV'}: ${job.result.model.name}`;
  return { status: 200, rawBody: { contentType: 'image/svg+xml', text: renderForecastSvg(job.result, { title }) }, etag: etagOf(job.version) };
}

export const handler = httpRoute(findRoute(forecastsRoutes, 'getForecastChart'), getForecastChart);
