import { getDocument as loadDocument } from '#adapters/dynamodb/documents-repository';
import { presignDownload } from '#adapters/s3/documents-bucket';
import { canSeeDocument, documentView, DOWNLOAD_URL_SECONDS } from '#domain/documents';
import { findRoute } from '#lib/model/find-route';
import { documentsRoutes } from '#lib/model/routes/documents';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, visibleOr404 } from '#http-stack/resources';

/** Metadata, and a short-lived URL of the verified version once the document is available. */
export async function getDocument({ params, principal }: HttpRequest<{ id: string }>) {
  const who = caller(principal);
  const doc = visibleOr404(await loadDocument(who.tenantId, params.id), (d) => canSeeDocument(who, d), 'Document', params.id);
  const download = doc.status === 'available' ? await presignDownload(doc.objectKey, doc.objectVersion, doc.fileName, DOWNLOAD_URL_SECONDS) : undefined;
  return { status: 200, body: documentView(doc, download) };
}

export const handler = httpRoute(findRoute(documentsRoutes, 'getDocument'), getDocument);
