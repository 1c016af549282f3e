/**
 * The intervention report of a work order, kept as one of its documents. Steps:
 *   1. gather what the report shows (work order, asset, site, client, technician,
 *      history, time entries, checklist, signature); a work order the caller cannot see is NotFound;
 *   2. build the report model (domain) and render the PDF;
 *   3. keep it as a document of the work order (`storeGeneratedDocument`: declared `pending`,
 *      written to S3, made `available` from what S3 stored, as an upload is);
 *   4. the document with a short-lived download URL.
 */
import { loadReportInput } from '#adapters/dynamodb/report-sources';
import { renderInterventionReport } from '#adapters/pdf/intervention-report-pdf';
import { withDownload, type DocumentWithDownload } from '#application/documents/get-document';
import { storeGeneratedDocument } from '#application/documents/store-generated-document';
import { interventionReport } from '#domain/intervention-report';
import type { Principal } from '#domain/principal';
import { NotFound } from '#platform/errors';

export async function createWorkOrderReport(who: Principal, workOrderId: string): Promise<DocumentWithDownload> {
  const now = new Date().toISOString();
  const input = await loadReportInput(who, workOrderId, now);
  if (!input) throw new NotFound('Work order', workOrderId);
  const pdf = await renderInterventionReport(interventionReport(input.report));
  const doc = await storeGeneratedDocument(
    who,
    { type: 'work-order', id: workOrderId, clientId: input.clientId },
    { fileName: `intervention-report-${workOrderId}-${now.slice(0, 10)}.pdf`, contentType: 'application/pdf', bytes: pdf, tags: ['report'] },
    now,
  );
  return withDownload(doc);
}
