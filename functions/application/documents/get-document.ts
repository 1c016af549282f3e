import { getDocument as loadDocument } from '#adapters/dynamodb/documents-repository';
import { presignDownload } from '#adapters/s3/documents-bucket';
import { canSeeDocument, DOWNLOAD_URL_SECONDS, type Document } from '#domain/documents';
import type { Principal } from '#domain/principal';
import { visibleOrNotFound } from '#application/visible';

/** A document with the short-lived URL of its verified version (only once it is available). */
export interface DocumentWithDownload {
  readonly document: Document;
  readonly download: { url: string; expiresAt: string } | undefined;
}

/** The document and, once it is available, a short-lived URL of its verified version. */
export async function withDownload(document: Document): Promise<DocumentWithDownload> {
  const download = document.status === 'available' ? await presignDownload(document.objectKey, document.objectVersion, document.fileName, DOWNLOAD_URL_SECONDS) : undefined;
  return { document, download };
}

/** A document's metadata. Steps: load it (visible to the caller, else NotFound); its download URL once available. */
export async function getDocument(who: Principal, id: string): Promise<DocumentWithDownload> {
  return withDownload(visibleOrNotFound(await loadDocument(who.tenantId, id), (d) => canSeeDocument(who, d), 'Document', id));
}
