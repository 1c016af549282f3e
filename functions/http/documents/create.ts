/**
 * `POST /v1/documents`. Steps:
 *   1. the parent must exist and be visible to the caller (400 otherwise); client users
 *      attach to their service requests only (403);
 *   2. the document is stored `pending` with the declared size and SHA-256;
 *   3. a presigned PUT bound to the content type, length and checksum is returned.
 * The document becomes available when the verify worker has read the upload back.
 */
import { ulid } from 'ulid';
import { findDocumentParent } from '#adapters/dynamodb/document-parents';
import { createDocument as saveDocument } from '#adapters/dynamodb/documents-repository';
import { presignUpload } from '#adapters/s3/documents-bucket';
import { canAttachTo, documentView, newDocument, sha256Base64, UPLOAD_URL_SECONDS, type NewDocument } from '#domain/documents';
import { canSeeClientData } from '#domain/principal';
import { findRoute } from '#lib/model/find-route';
import { documentsRoutes } from '#lib/model/routes/documents';
import { Forbidden, ValidationFailed } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

export async function createDocument({ body, principal }: HttpRequest<unknown, unknown, NewDocument>) {
  const who = caller(principal);
  if (!canAttachTo(who, body.parentType)) throw new Forbidden('Client users attach documents to their service requests only');
  const parent = await findDocumentParent(who.tenantId, body.parentType, body.parentId);
  // Another client's parent is reported as missing, so its existence is not revealed.
  if (!parent || !canSeeClientData(who, parent.clientId)) {
    throw new ValidationFailed(`The ${body.parentType} does not exist`, [{ path: 'body.parentId', message: `no ${body.parentType} ${body.parentId}` }]);
  }
  const doc = newDocument(ulid(), who.tenantId, body, parent, who, new Date().toISOString());
  await saveDocument(who.tenantId, doc);
  const upload = await presignUpload(doc.objectKey, doc.contentType, doc.sizeBytes, sha256Base64(doc.sha256), UPLOAD_URL_SECONDS);
  return { status: 201, body: { document: documentView(doc), upload }, headers: { Location: `/v1/documents/${doc.id}` }, audit: { resourceId: doc.id, after: doc } };
}

export const handler = httpRoute(findRoute(documentsRoutes, 'createDocument'), createDocument);
