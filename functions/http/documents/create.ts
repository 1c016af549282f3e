import type { z } from 'zod';
import { createDocument as declare } from '#application/documents/create-document';
import { documentView } from '#domain/documents';
import { caller } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { documentsRoutes } from '#lib/model/routes/documents';
import type { CreateDocumentBody } from '#lib/model/schemas/documents';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** `POST /v1/documents`: the pending document and the presigned PUT to upload its bytes with. */
export async function createDocument({ body, principal }: HttpRequest<unknown, unknown, z.infer<typeof CreateDocumentBody>>) {
  const { document, upload } = await declare(caller(principal), body);
  return { status: 201, body: { document: documentView(document), upload }, headers: { Location: `/v1/documents/${document.id}` }, audit: { resourceId: document.id, after: document } };
}

export const handler = httpRoute(findRoute(documentsRoutes, 'createDocument'), createDocument);
