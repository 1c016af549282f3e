import type * as z from 'zod';
import { createSensor as createSensorUseCase } from '#application/sensors/create-sensor';
import { findRoute } from '#lib/model/find-route';
import { sensorsRoutes } from '#lib/model/routes/sensors';
import type { CreateSensorBody } from '#lib/model/schemas/sensors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

/** The device's credentials are answered this once; the audit trail records the sensor, never them. */
export async function createSensor({ body, principal }: HttpRequest<unknown, unknown, z.infer<typeof CreateSensorBody>>) {
  const { sensor, mqtt } = await createSensorUseCase(caller(principal), body);
  const answer = { ...sensor, mqtt };
  return { ...resourceResult(answer, 201, { Location: `/v1/sensors/${sensor.id}` }), audit: { resourceId: sensor.id, after: sensor } };
}

export const handler = httpRoute(findRoute(sensorsRoutes, 'createSensor'), createSensor);
