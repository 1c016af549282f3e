import type { z } from 'zod';
import { convertServiceRequest as convert } from '#application/requests/convert-service-request';
import { caller } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { requestsRoutes } from '#lib/model/routes/requests';
import type { IdParams } from '#lib/model/schemas/common';
import type { ConvertServiceRequestBody } from '#lib/model/schemas/requests';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** `POST /v1/requests/{id}/convert`: the converted request, its new work order and how many documents followed it. */
export async function convertServiceRequest({ params, body, principal }: HttpRequest<z.infer<typeof IdParams>, unknown, z.infer<typeof ConvertServiceRequestBody>>) {
  const { request, workOrder, movedDocuments } = await convert(caller(principal), params.id, body);
  return {
    status: 201,
    body: { request: request.after, workOrder, movedDocuments },
    headers: { Location: `/v1/work-orders/${workOrder.id}` },
    audit: { resourceId: request.before.id, before: request.before, after: request.after },
  };
}

export const handler = httpRoute(findRoute(requestsRoutes, 'convertServiceRequest'), convertServiceRequest);
