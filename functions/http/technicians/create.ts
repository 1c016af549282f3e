import { ulid } from 'ulid';
import { createTechnician as saveTechnician } from '#adapters/dynamodb/technicians-repository';
import { newTechnician, type NewTechnician } from '#domain/technicians';
import { findRoute } from '#lib/model/find-route';
import { techniciansRoutes } from '#lib/model/routes/technicians';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

export async function createTechnician({ body, principal }: HttpRequest<unknown, unknown, NewTechnician>) {
  const technician = newTechnician(ulid(), body, new Date().toISOString());
  await saveTechnician(caller(principal).tenantId, technician);
  return resourceResult(technician, 201, { Location: `/v1/technicians/${technician.id}` });
}

export const handler = httpRoute(findRoute(techniciansRoutes, 'createTechnician'), createTechnician);
