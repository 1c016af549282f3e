import { listTimeEntries as queryTimeEntries } from '#adapters/dynamodb/time-entries-repository';
import { getWorkOrder } from '#adapters/dynamodb/work-orders-repository';
import { canSeeWorkOrder } from '#domain/work-orders';
import { findRoute } from '#lib/model/find-route';
import { timeEntriesRoutes } from '#lib/model/routes/time-entries';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult, visibleOr404 } from '#http-stack/resources';

/** A client user sees the time entries of its own client's work orders only. */
export async function listTimeEntries({ params, query, principal }: HttpRequest<{ id: string }, { limit: number; cursor?: string }>) {
  const who = caller(principal);
  visibleOr404(await getWorkOrder(who.tenantId, params.id), (w) => canSeeWorkOrder(who, w), 'WorkOrder', params.id);
  return pageResult(await queryTimeEntries(who.tenantId, params.id, query));
}

export const handler = httpRoute(findRoute(timeEntriesRoutes, 'listTimeEntries'), listTimeEntries);
