/**
 * Declares a document before its upload. Steps:
 *   1. client users attach to their service requests only (403); the parent must exist
 *      and be visible to the caller (400 otherwise, the same for another client's);
 *   2. the document is stored `pending` with the declared size and SHA-256;
 *   3. a presigned PUT bound to the content type, length and checksum.
 * The document becomes available when the verify worker has read the upload back.
 */
import { ulid } from 'ulid';
import { findDocumentParent } from '#adapters/dynamodb/document-parents';
import { createDocument as saveDocument } from '#adapters/dynamodb/documents-repository';
import { presignUpload, type UploadTicket } from '#adapters/s3/documents-bucket';
import { canAttachTo, newDocument, sha256Base64, UPLOAD_URL_SECONDS, type Document, type NewDocument } from '#domain/documents';
import { canSeeClientData, type Principal } from '#domain/principal';
import { Forbidden, ValidationFailed } from '#platform/errors';

export async function createDocument(who: Principal, input: NewDocument): Promise<{ document: Document; upload: UploadTicket }> {
  if (!canAttachTo(who, input.parentType)) throw new Forbidden('Client users attach documents to their service requests only');
  const parent = await findDocumentParent(who.tenantId, input.parentType, input.parentId);
  // Another client's parent is reported as missing, so its existence is not revealed.
  if (!parent || !canSeeClientData(who, parent.clientId)) {
    throw new ValidationFailed(`The ${input.parentType} does not exist`, [{ path: 'body.parentId', message: `no ${input.parentType} ${input.parentId}` }]);
  }
  const document = newDocument(ulid(), who.tenantId, input, parent, who, new Date().toISOString());
  await saveDocument(who.tenantId, document);
  const upload = await presignUpload(document.objectKey, document.contentType, document.sizeBytes, sha256Base64(document.sha256), UPLOAD_URL_SECONDS);
  return { document, upload };
}
