/**
 * The intervention report of a work order, kept as one of its documents. Steps:
 *   1. gather what the report shows (work order, asset, site, client, technician,
 *      history, time entries, checklist, signature); a work order the caller cannot see is NotFound;
 *   2. build the report model (domain) and render the PDF;
 *   3. keep it as a document of the work order: declared `pending` with its size and
 *      SHA-256, written to S3, then made `available` from what S3 stored (with the
 *      `document.available` event), as an upload is; the verify worker, notified too,
 *      finds it decided and leaves it;
 *   4. the document with a short-lived download URL.
 */
import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import { createDocument, getDocument, saveVerdict } from '#adapters/dynamodb/documents-repository';
import { loadReportInput } from '#adapters/dynamodb/report-sources';
import { renderInterventionReport } from '#adapters/pdf/intervention-report-pdf';
import { putGeneratedObject } from '#adapters/s3/documents-bucket';
import { withDownload, type DocumentWithDownload } from '#application/documents/get-document';
import { documentAvailableEvent, newDocument, verifiedDocument } from '#domain/documents';
import { interventionReport } from '#domain/intervention-report';
import type { Principal } from '#domain/principal';
import { NotFound } from '#platform/errors';

export async function createWorkOrderReport(who: Principal, workOrderId: string): Promise<DocumentWithDownload> {
  const now = new Date().toISOString();
  const input = await loadReportInput(who, workOrderId, now);
  if (!input) throw new NotFound('Work order', workOrderId);
  const pdf = await renderInterventionReport(interventionReport(input.report));

  const id = ulid();
  const declared = newDocument(
    id,
    who.tenantId,
    {
      parentType: 'work-order',
      parentId: workOrderId,
      fileName: `intervention-report-${workOrderId}-${now.slice(0, 10)}.pdf`,
      contentType: 'application/pdf',
      sizeBytes: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      tags: ['report'],
    },
    { type: 'work-order', id: workOrderId, clientId: input.clientId },
    who,
    now,
  );
  await createDocument(who.tenantId, declared);
  const written = await putGeneratedObject(declared.objectKey, pdf, 'application/pdf');
  const verdict = verifiedDocument(declared, { sizeBytes: pdf.length, sha256: written.sha256, versionId: written.versionId }, new Date().toISOString());
  const event = documentAvailableEvent(ulid(), who.tenantId, verdict, verdict.updatedAt);
  // False when the verify worker decided first: then read what it decided.
  const doc = (await saveVerdict(who.tenantId, verdict, declared.version, event)) ? verdict : ((await getDocument(who.tenantId, id)) ?? verdict);
  return withDownload(doc);
}
