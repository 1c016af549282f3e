import { getTechnician, updateTechnician as saveTechnician } from '#adapters/dynamodb/technicians-repository';
import { applyTechnicianPatch, type TechnicianPatch } from '#domain/technicians';
import { findRoute } from '#lib/model/find-route';
import { techniciansRoutes } from '#lib/model/routes/technicians';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, resourceResult, visibleOr404 } from '#http-stack/resources';

export async function updateTechnician({ params, body, headers, principal }: HttpRequest<{ id: string }, unknown, TechnicianPatch>) {
  const { tenantId } = caller(principal);
  const technician = visibleOr404(await getTechnician(tenantId, params.id), () => true, 'Technician', params.id);
  checkIfMatch(headers['if-match'], technician);
  const updated = applyTechnicianPatch(technician, body, new Date().toISOString());
  await saveTechnician(tenantId, updated, technician.version);
  return { ...resourceResult(updated), audit: { before: technician, after: updated } };
}

export const handler = httpRoute(findRoute(techniciansRoutes, 'updateTechnician'), updateTechnician);
