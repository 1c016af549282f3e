import type { z } from 'zod';
import { transitionWorkOrder as transition } from '#application/work-orders/transition-work-order';
import { caller, checkIfMatch, resourceResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { workOrdersRoutes } from '#lib/model/routes/work-orders';
import type { IdParams } from '#lib/model/schemas/common';
import type { TransitionBody } from '#lib/model/schemas/work-orders';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** Moves the work order through its workflow (`transitionWorkOrder`), If-Match honoured. */
export async function transitionWorkOrder({ params, body, headers, principal }: HttpRequest<z.infer<typeof IdParams>, unknown, z.infer<typeof TransitionBody>>) {
  return resourceResult(await transition(caller(principal), params.id, body, (current) => checkIfMatch(headers['if-match'], current)));
}

export const handler = httpRoute(findRoute(workOrdersRoutes, 'transitionWorkOrder'), transitionWorkOrder);
