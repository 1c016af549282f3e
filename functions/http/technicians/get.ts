import { getTechnician as loadTechnician } from '#adapters/dynamodb/technicians-repository';
import { findRoute } from '#lib/model/find-route';
import { techniciansRoutes } from '#lib/model/routes/technicians';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult, visibleOr404 } from '#http-stack/resources';

export async function getTechnician({ params, principal }: HttpRequest<{ id: string }>) {
  const { tenantId } = caller(principal);
  return resourceResult(visibleOr404(await loadTechnician(tenantId, params.id), () => true, 'Technician', params.id));
}

export const handler = httpRoute(findRoute(techniciansRoutes, 'getTechnician'), getTechnician);
