import type { z } from 'zod';
import { getServiceRequest as read } from '#application/requests/get-service-request';
import { caller, resourceResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { requestsRoutes } from '#lib/model/routes/requests';
import type { IdParams } from '#lib/model/schemas/common';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function getServiceRequest({ params, principal }: HttpRequest<z.infer<typeof IdParams>>) {
  return resourceResult(await read(caller(principal), params.id));
}

export const handler = httpRoute(findRoute(requestsRoutes, 'getServiceRequest'), getServiceRequest);
