import type { z } from 'zod';
import { createServiceRequest as file } from '#application/requests/create-service-request';
import { caller, resourceResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { requestsRoutes } from '#lib/model/routes/requests';
import type { CreateServiceRequestBody } from '#lib/model/schemas/requests';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** `POST /v1/requests`: the request filed `open`. */
export async function createServiceRequest({ body, principal }: HttpRequest<unknown, unknown, z.infer<typeof CreateServiceRequestBody>>) {
  const request = await file(caller(principal), body);
  return resourceResult(request, 201, { Location: `/v1/requests/${request.id}` });
}

export const handler = httpRoute(findRoute(requestsRoutes, 'createServiceRequest'), createServiceRequest);
