import type * as z from 'zod';
import { updateSensor as updateSensorUseCase } from '#application/sensors/update-sensor';
import { findRoute } from '#lib/model/find-route';
import { sensorsRoutes } from '#lib/model/routes/sensors';
import type { UpdateSensorBody } from '#lib/model/schemas/sensors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, resourceResult } from '#http-stack/resources';

export async function updateSensor({ params, body, headers, principal }: HttpRequest<{ id: string }, unknown, z.infer<typeof UpdateSensorBody>>) {
  const { before, after } = await updateSensorUseCase(caller(principal), params.id, body, (current) => checkIfMatch(headers['if-match'], current));
  return { ...resourceResult(after), audit: { before, after } };
}

export const handler = httpRoute(findRoute(sensorsRoutes, 'updateSensor'), updateSensor);
