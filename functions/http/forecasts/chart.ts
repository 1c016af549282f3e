import { getForecastChart as getForecastChartUseCase } from '#application/forecasts/get-forecast-chart';
import { etagOf } from '#http-stack/etag';
import { findRoute } from '#lib/model/find-route';
import { forecastsRoutes } from '#lib/model/routes/forecasts';
import { httpRoute, type HttpRequest, type HttpResult } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** The SVG chart of a succeeded forecast; until then the chart does not exist (404). */
export async function getForecastChart({ params, principal }: HttpRequest<{ id: string }>): Promise<HttpResult> {
  const { svg, version } = await getForecastChartUseCase(caller(principal), params.id);
  return { status: 200, rawBody: { contentType: 'image/svg+xml', text: svg }, etag: etagOf(version) };
}

export const handler = httpRoute(findRoute(forecastsRoutes, 'getForecastChart'), getForecastChart);
