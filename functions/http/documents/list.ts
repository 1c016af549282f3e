import { findDocumentParent } from '#adapters/dynamodb/document-parents';
import { listDocumentsOf } from '#adapters/dynamodb/documents-repository';
import type { DocumentParentType } from '#domain/documents';
import { canSeeDocument, documentView } from '#domain/documents';
import { canSeeClientData } from '#domain/principal';
import { findRoute } from '#lib/model/find-route';
import { documentsRoutes } from '#lib/model/routes/documents';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

type Query = { limit: number; cursor?: string; parentType: DocumentParentType; parentId: string };

/** A parent the caller cannot see (or that does not exist) has no documents for it, as lists of other clients' data are empty. */
export async function listDocuments({ query, principal }: HttpRequest<unknown, Query>) {
  const who = caller(principal);
  if (who.role === 'client') {
    const parent = await findDocumentParent(who.tenantId, query.parentType, query.parentId);
    if (!parent || !canSeeClientData(who, parent.clientId)) return pageResult({ items: [], nextCursor: null });
  }
  const page = await listDocumentsOf(who.tenantId, query.parentType, query.parentId, query, (d) => canSeeDocument(who, d));
  return pageResult({ items: page.items.map((d) => documentView(d)), nextCursor: page.nextCursor });
}

export const handler = httpRoute(findRoute(documentsRoutes, 'listDocuments'), listDocuments);
