import type { z } from 'zod';
import { updateWorkOrder as update } from '#application/work-orders/update-work-order';
import { caller, checkIfMatch, resourceResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { workOrdersRoutes } from '#lib/model/routes/work-orders';
import type { IdParams } from '#lib/model/schemas/common';
import type { UpdateWorkOrderBody } from '#lib/model/schemas/work-orders';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function updateWorkOrder({ params, body, headers, principal }: HttpRequest<z.infer<typeof IdParams>, unknown, z.infer<typeof UpdateWorkOrderBody>>) {
  const { before, after } = await update(caller(principal), params.id, body, (current) => checkIfMatch(headers['if-match'], current));
  return { ...resourceResult(after), audit: { before, after } };
}

export const handler = httpRoute(findRoute(workOrdersRoutes, 'updateWorkOrder'), updateWorkOrder);
