import type { z } from 'zod';
import { assignWorkOrder as assign } from '#application/work-orders/assign-work-order';
import { etagOf } from '#http-stack/etag';
import { caller } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { workOrdersRoutes } from '#lib/model/routes/work-orders';
import type { AssignmentBody } from '#lib/model/schemas/schedule';
import type { IdParams } from '#lib/model/schemas/common';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** Books a technician for the work order: `assignWorkOrder`; answers the schedule entry and the scheduled work order. */
export async function assignWorkOrder({ params, body, principal }: HttpRequest<z.infer<typeof IdParams>, unknown, z.infer<typeof AssignmentBody>>) {
  const { before, after, entry } = await assign(caller(principal), params.id, body);
  return { status: 200, body: { entry, workOrder: after }, etag: etagOf(after.version), audit: { resourceId: after.id, before, after } };
}

export const handler = httpRoute(findRoute(workOrdersRoutes, 'assignWorkOrder'), assignWorkOrder);
