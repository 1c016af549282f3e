import type * as z from 'zod';
import { createQualityReport as createReport } from '#application/quality/create-quality-report';
import { documentView } from '#domain/documents';
import { caller } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { qualityRoutes } from '#lib/model/routes/quality';
import type { CreateQualityReportBody } from '#lib/model/schemas/quality';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** `POST /v1/quality/reports {siteId, month}`: the PDF and the CSV as new documents of the site. */
export async function createQualityReport({ body, principal }: HttpRequest<unknown, unknown, z.infer<typeof CreateQualityReportBody>>) {
  const { pdf, csv } = await createReport(caller(principal), body, new Date());
  return {
    status: 201,
    body: { pdf: documentView(pdf.document, pdf.download), csv: documentView(csv.document, csv.download) },
    audit: { resourceId: pdf.document.id, after: { pdf: pdf.document, csv: csv.document } },
  };
}

export const handler = httpRoute(findRoute(qualityRoutes, 'createQualityReport'), createQualityReport);
