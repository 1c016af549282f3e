import { findDocumentParent } from '#adapters/dynamodb/document-parents';
import { listDocumentsOf } from '#adapters/dynamodb/documents-repository';
import type { Page } from '#adapters/dynamodb/query-page';
import type { PageAsk } from '#application/pages';
import { canSeeDocument, type Document, type DocumentParentType } from '#domain/documents';
import { canSeeClientData, type Principal } from '#domain/principal';

/**
 * A page of a parent's documents. Steps: a client user's parent must exist and be of
 * its client (otherwise the page is empty, as lists of other clients' data are); query
 * the parent's documents the caller may see.
 */
export async function listDocuments(who: Principal, parent: { parentType: DocumentParentType; parentId: string }, page: PageAsk): Promise<Page<Document>> {
  if (who.role === 'client') {
    const found = await findDocumentParent(who.tenantId, parent.parentType, parent.parentId);
    if (!found || !canSeeClientData(who, found.clientId)) return { items: [], nextCursor: null };
  }
  return listDocumentsOf(who.tenantId, parent.parentType, parent.parentId, page, (d) => canSeeDocument(who, d));
}
