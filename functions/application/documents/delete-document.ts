import { deleteDocument as removeDocument, getDocument } from '#adapters/dynamodb/documents-repository';
import { deleteObject } from '#adapters/s3/documents-bucket';
import { foundOrNotFound, type VersionCheck } from '#application/visible';
import type { Document } from '#domain/documents';
import type { Principal } from '#domain/principal';

/**
 * Deletes a document. Steps: load it (NotFound); the caller's precondition on the
 * version read; delete the metadata (conditioned on the version read), then the object
 * (a delete marker: the bucket keeps noncurrent versions 90 days for recovery).
 * Metadata first, so no available document ever points at missing bytes.
 */
export async function deleteDocument(who: Principal, id: string, precondition: VersionCheck): Promise<Document> {
  const document = foundOrNotFound(await getDocument(who.tenantId, id), 'Document', id);
  precondition(document);
  await removeDocument(who.tenantId, document.id, document.version);
  await deleteObject(document.objectKey);
  return document;
}
