import { getForecastJob } from '#adapters/dynamodb/forecast-jobs-repository';
import { visibleOrNotFound } from '#application/visible';
import { canReadForecast, type ForecastJob } from '#domain/forecast-jobs';
import type { Principal } from '#domain/principal';

/**
 * Reads a forecast job: its status and, once it has succeeded, its result. Steps:
 *   1. load it from the caller's tenant;
 *   2. NotFound unless it exists and the caller may read it (a machine client without
 *      `telemetry.read` does not see sensor forecasts; a client user sees its own).
 */
export async function getForecast(who: Principal, id: string): Promise<ForecastJob> {
  return visibleOrNotFound(await getForecastJob(who.tenantId, id), (j) => canReadForecast(who, j), 'Forecast', id);
}
