import { getForecast } from '#application/forecasts/get-forecast';
import { renderForecastSvg } from '#domain/forecasting/index';
import type { Principal } from '#domain/principal';
import { NotFound } from '#platform/errors';

/**
 * The SVG chart of a succeeded forecast. Steps:
 *   1. the forecast must be readable by the caller (NotFound);
 *   2. until it has succeeded the chart does not exist (NotFound, with its status);
 *   3. render its result, titled with its source and model.
 * Returns the SVG and the version of the job it was drawn from.
 */
export async function getForecastChart(who: Principal, id: string): Promise<{ svg: string; version: number }> {
  const job = await getForecast(who, id);
  if (job.status !== 'succeeded' || !job.result) throw new NotFound('Chart of forecast', `${id} (status ${job.status})`);
  const title = `${job.source.type === 'sensor' ? `Sensor ${job.source.sensorId}` : 'CSV'}: ${job.result.model.name}`;
  return { svg: renderForecastSvg(job.result, { title }), version: job.version };
}
