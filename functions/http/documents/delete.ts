import type { z } from 'zod';
import { deleteDocument as remove } from '#application/documents/delete-document';
import { caller, checkIfMatch } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { documentsRoutes } from '#lib/model/routes/documents';
import type { IdParams } from '#lib/model/schemas/common';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function deleteDocument({ params, headers, principal }: HttpRequest<z.infer<typeof IdParams>>) {
  const document = await remove(caller(principal), params.id, (current) => checkIfMatch(headers['if-match'], current));
  return { status: 204, audit: { resourceId: document.id, before: document } };
}

export const handler = httpRoute(findRoute(documentsRoutes, 'deleteDocument'), deleteDocument);
