import { deleteDocument as removeDocument, getDocument } from '#adapters/dynamodb/documents-repository';
import { deleteObject } from '#adapters/s3/documents-bucket';
import { findRoute } from '#lib/model/find-route';
import { documentsRoutes } from '#lib/model/routes/documents';
import { NotFound } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch } from '#http-stack/resources';

/**
 * Steps: load; check If-Match; delete the metadata (conditioned on the version read),
 * then the object (a delete marker: the bucket keeps noncurrent versions 90 days for
 * recovery). Metadata first, so no available document ever points at missing bytes.
 */
export async function deleteDocument({ params, headers, principal }: HttpRequest<{ id: string }>) {
  const { tenantId } = caller(principal);
  const doc = await getDocument(tenantId, params.id);
  if (!doc) throw new NotFound('Document', params.id);
  checkIfMatch(headers['if-match'], doc);
  await removeDocument(tenantId, doc.id, doc.version);
  await deleteObject(doc.objectKey);
  return { status: 204, audit: { resourceId: doc.id, before: doc } };
}

export const handler = httpRoute(findRoute(documentsRoutes, 'deleteDocument'), deleteDocument);
