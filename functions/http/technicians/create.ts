import type { z } from 'zod';
import { createTechnician as create } from '#application/technicians/create-technician';
import { caller, resourceResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { techniciansRoutes } from '#lib/model/routes/technicians';
import type { CreateTechnicianBody } from '#lib/model/schemas/technicians';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function createTechnician({ body, principal }: HttpRequest<unknown, unknown, z.infer<typeof CreateTechnicianBody>>) {
  const technician = await create(caller(principal), body);
  return resourceResult(technician, 201, { Location: `/v1/technicians/${technician.id}` });
}

export const handler = httpRoute(findRoute(techniciansRoutes, 'createTechnician'), createTechnician);
