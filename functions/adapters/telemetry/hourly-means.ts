/**
 * A sensor's hourly (or daily) means from the telemetry store (its hourly rollups on the DynamoDB
 * store, a 1 h aggregation on Timestream), as the series the leak domain reads. Hours
 * follow the calendar of `tz`, so a zone in a half-hour time zone gets its local hours.
 */
import type { SensorSeries } from '#domain/leaks/night-flow';
import { MAX_QUERY_LIMIT } from '#domain/telemetry/store';
import { telemetryStore } from './telemetry-store';

const HOUR = 3_600_000;

/** Every hourly mean of `sensorId` in `[from, to)`, page after page; hours without readings are absent. */
export const hourlyMeans = (tenantId: string, sensorId: string, from: number, to: number, tz: string): Promise<SensorSeries> => binnedMeans(tenantId, sensorId, from, to, tz, '1h', HOUR);

/** Every daily (UTC) mean of `sensorId` in `[from, to)`; days without readings are absent. */
export const dailyMeans = (tenantId: string, sensorId: string, from: number, to: number): Promise<SensorSeries> => binnedMeans(tenantId, sensorId, from, to, 'UTC', '1d', 24 * HOUR);

async function binnedMeans(tenantId: string, sensorId: string, from: number, to: number, tz: string, interval: '1h' | '1d', intervalMs: number): Promise<SensorSeries> {
  const samples: { ts: number; value: number }[] = [];
  let cursor: string | undefined;
  do {
    const page = await telemetryStore.query(tenantId, { sensorId, from, to, interval, agg: 'avg', tz, fill: 'none', limit: MAX_QUERY_LIMIT, ...(cursor ? { cursor } : {}) });
    for (const point of page.points) if (point.value !== null) samples.push({ ts: Date.parse(point.ts), value: point.value });
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { sensorId, intervalMs, samples };
}
