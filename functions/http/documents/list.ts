import type { z } from 'zod';
import { listDocuments as list } from '#application/documents/list-documents';
import { documentView } from '#domain/documents';
import { caller, pageResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { documentsRoutes } from '#lib/model/routes/documents';
import type { ListDocumentsQuery } from '#lib/model/schemas/documents';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** A parent the caller cannot see (or that does not exist) has no documents for it, as lists of other clients' data are empty. */
export async function listDocuments({ query, principal }: HttpRequest<unknown, z.infer<typeof ListDocumentsQuery>>) {
  const page = await list(caller(principal), query, query);
  return pageResult({ items: page.items.map((d) => documentView(d)), nextCursor: page.nextCursor });
}

export const handler = httpRoute(findRoute(documentsRoutes, 'listDocuments'), listDocuments);
