/**
 * `POST /v1/work-orders/{id}/report`. Steps:
 *   1. gather what the report shows (work order, asset, site, client, technician,
 *      history, time entries, checklist, signature); a work order the caller cannot see is 404;
 *   2. build the report model (domain) and render the PDF;
 *   3. keep it as a document of the work order: declared `pending` with its size and
 *      SHA-256, written to S3, then made `available` from what S3 stored (with the
 *      `document.available` event), as an upload is; the verify worker, notified too,
 *      finds it decided and leaves it;
 *   4. answer the document with a short-lived download URL.
 */
import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import { createDocument, getDocument, saveVerdict } from '#adapters/dynamodb/documents-repository';
import { loadReportInput } from '#adapters/dynamodb/report-sources';
import { renderInterventionReport } from '#adapters/pdf/intervention-report-pdf';
import { presignDownload, putGeneratedObject } from '#adapters/s3/documents-bucket';
import { documentAvailableData, documentView, DOWNLOAD_URL_SECONDS, newDocument, verifiedDocument } from '#domain/documents';
import { interventionReport } from '#domain/intervention-report';
import { findRoute } from '#lib/model/find-route';
import { workOrdersRoutes } from '#lib/model/routes/work-orders';
import { NotFound } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

export async function createWorkOrderReport({ params, principal }: HttpRequest<{ id: string }>) {
  const who = caller(principal);
  const now = new Date().toISOString();
  const input = await loadReportInput(who, params.id, now);
  if (!input) throw new NotFound('Work order', params.id);
  const pdf = await renderInterventionReport(interventionReport(input.report));

  const id = ulid();
  const declared = newDocument(
    id,
    who.tenantId,
    {
      parentType: 'work-order',
      parentId: params.id,
      fileName: `intervention-report-${params.id}-${now.slice(0, 10)}.pdf`,
      contentType: 'application/pdf',
      sizeBytes: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      tags: ['report'],
    },
    { type: 'work-order', id: params.id, clientId: input.clientId },
    who,
    now,
  );
  await createDocument(who.tenantId, declared);
  const written = await putGeneratedObject(declared.objectKey, pdf, 'application/pdf');
  const verdict = verifiedDocument(declared, { sizeBytes: pdf.length, sha256: written.sha256, versionId: written.versionId }, new Date().toISOString());
  const event = { id: ulid(), type: 'document.available', occurredAt: verdict.updatedAt, tenant: who.tenantId, data: documentAvailableData(verdict) };
  // False when the verify worker decided first: then read what it decided.
  const doc = (await saveVerdict(who.tenantId, verdict, declared.version, event)) ? verdict : ((await getDocument(who.tenantId, id)) ?? verdict);
  const download = doc.status === 'available' ? await presignDownload(doc.objectKey, doc.objectVersion, doc.fileName, DOWNLOAD_URL_SECONDS) : undefined;
  return { status: 201, body: documentView(doc, download), headers: { Location: `/v1/documents/${doc.id}` }, audit: { resourceId: doc.id, after: doc } };
}

export const handler = httpRoute(findRoute(workOrdersRoutes, 'createWorkOrderReport'), createWorkOrderReport);
