import type { z } from 'zod';
import { getDocument as read } from '#application/documents/get-document';
import { documentView } from '#domain/documents';
import { caller } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { documentsRoutes } from '#lib/model/routes/documents';
import type { IdParams } from '#lib/model/schemas/common';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** Metadata, and a short-lived URL of the verified version once the document is available. */
export async function getDocument({ params, principal }: HttpRequest<z.infer<typeof IdParams>>) {
  const { document, download } = await read(caller(principal), params.id);
  return { status: 200, body: documentView(document, download) };
}

export const handler = httpRoute(findRoute(documentsRoutes, 'getDocument'), getDocument);
