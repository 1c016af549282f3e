import type { z } from 'zod';
import { updateTechnician as update } from '#application/technicians/update-technician';
import { caller, checkIfMatch, resourceResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { techniciansRoutes } from '#lib/model/routes/technicians';
import type { IdParams } from '#lib/model/schemas/common';
import type { UpdateTechnicianBody } from '#lib/model/schemas/technicians';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function updateTechnician({ params, body, headers, principal }: HttpRequest<z.infer<typeof IdParams>, unknown, z.infer<typeof UpdateTechnicianBody>>) {
  const { before, after } = await update(caller(principal), params.id, body, (current) => checkIfMatch(headers['if-match'], current));
  return { ...resourceResult(after), audit: { before, after } };
}

export const handler = httpRoute(findRoute(techniciansRoutes, 'updateTechnician'), updateTechnician);
