/**
 * What a document can be attached to, looked up in its own repository: the parent's
 * client decides who sees the document.

 */
import type { DocumentParent, DocumentParentType } from '#domain/documents';
import { getAsset } from './assets-repository';
import { getServiceRequest } from './service-requests-repository';
import { getSite } from './sites-repository';
import { getWorkOrder } from './work-orders-repository';

export async function findDocumentParent(tenantId: string, type: DocumentParentType, id: string): Promise<DocumentParent | undefined> {
  const found = await lookup(tenantId, type, id);
  return found ? { type, id, clientId: found.clientId ?? null } : undefined;
}

async function lookup(tenantId: string, type: DocumentParentType, id: string): Promise<{ clientId: string | null } | undefined> {
  switch (type) {
    case 'site':
      return getSite(tenantId, id);
    case 'asset':
      return getAsset(tenantId, id);
    case 'request':
      return getServiceRequest(tenantId, id);
    case 'work-order':
      return getWorkOrder(tenantId, id);
  }
}
