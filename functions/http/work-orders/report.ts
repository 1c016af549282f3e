import type { z } from 'zod';
import { createWorkOrderReport as createReport } from '#application/work-orders/create-work-order-report';
import { documentView } from '#domain/documents';
import { caller } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { workOrdersRoutes } from '#lib/model/routes/work-orders';
import type { IdParams } from '#lib/model/schemas/common';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** `POST /v1/work-orders/{id}/report`: the intervention report as a new document of the work order, with its download URL. */
export async function createWorkOrderReport({ params, principal }: HttpRequest<z.infer<typeof IdParams>>) {
  const { document, download } = await createReport(caller(principal), params.id);
  return { status: 201, body: documentView(document, download), headers: { Location: `/v1/documents/${document.id}` }, audit: { resourceId: document.id, after: document } };
}

export const handler = httpRoute(findRoute(workOrdersRoutes, 'createWorkOrderReport'), createWorkOrderReport);
