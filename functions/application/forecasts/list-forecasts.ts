import { listForecastJobs } from '#adapters/dynamodb/forecast-jobs-repository';
import type { Page } from '#adapters/dynamodb/query-page';
import { canReadForecast, type ForecastJob } from '#domain/forecast-jobs';
import type { Principal } from '#domain/principal';

/** A page of the tenant's forecasts, newest first, keeping only those the caller may read. */
export async function listForecasts(who: Principal, query: { limit: number; cursor?: string; sensorId?: string }): Promise<Page<ForecastJob>> {
  return listForecastJobs(who.tenantId, query, (j) => canReadForecast(who, j));
}
