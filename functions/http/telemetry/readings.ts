import type * as z from 'zod';
import { readSensorReadings } from '#application/telemetry/read-sensor-readings';
import { findRoute } from '#lib/model/find-route';
import { telemetryRoutes } from '#lib/model/routes/telemetry';
import type { ReadingsQuery } from '#lib/model/schemas/telemetry';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** A page of a sensor's readings; the sensor must be visible to the caller (another client's is 404). */
export async function getSensorReadings({ params, query, principal }: HttpRequest<{ id: string }, z.infer<typeof ReadingsQuery>>) {
  return { status: 200, body: await readSensorReadings(caller(principal), params.id, query) };
}

export const handler = httpRoute(findRoute(telemetryRoutes, 'getSensorReadings'), getSensorReadings);
