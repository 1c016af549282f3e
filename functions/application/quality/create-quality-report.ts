/**
 * A site's monthly water-quality report, as a PDF and a CSV kept as documents of the site.
 * Steps:
 *   1. the site's compliance over the month (UTC), as the compliance route computes it
 *      (`siteCompliance`); a site the caller may not see is refused as a bad `body.siteId`
 *      (400), a month not begun too;
 *   2. build the report model: the figures per parameter, the exceedances, the lab results
 *      that were not compliant;
 *   3. render the PDF and the CSV (one line per parameter);
 *   4. keep both as documents of the site (`storeGeneratedDocument`), downloadable through
 *      the documents API; answer both with short-lived download URLs.
 */
import { renderQualityReport } from '#adapters/pdf/quality-report-pdf';
import { withDownload, type DocumentWithDownload } from '#application/documents/get-document';
import { storeGeneratedDocument } from '#application/documents/store-generated-document';
import { refuseComplianceRange } from '#application/refusals';
import type { Principal } from '#domain/principal';
import { monthRange, reportCsv, type QualityReportModel } from '#domain/quality/compliance';
import { ValidationFailed } from '#platform/errors';
import { siteCompliance } from './site-compliance';

export interface QualityReport {
  readonly pdf: DocumentWithDownload;
  readonly csv: DocumentWithDownload;
}

export async function createQualityReport(who: Principal, input: { siteId: string; month: string }, now: Date): Promise<QualityReport> {
  const { from, to } = monthRange(input.month);
  if (from > now.getTime()) refuseComplianceRange(`${input.month} has not begun`, 'MONTH_NOT_BEGUN', 'body.month');
  const found = await siteCompliance(who, input.siteId, from, to, now);
  const site = found.site;
  if (!site) throw new ValidationFailed('The site does not exist', [{ path: 'body.siteId', message: `no site ${input.siteId}` }]);
  const compliance = { ...found, site };
  const at = now.toISOString();
  const model: QualityReportModel = {
    title: 'Water quality compliance report',
    reference: `${compliance.site.name} - ${input.month}`,
    site: { id: compliance.site.id, name: compliance.site.name },
    period: { from: new Date(from).toISOString(), to: new Date(to).toISOString(), month: input.month },
    rows: compliance.rows,
    exceedances: compliance.exceedances,
    nonCompliantSamples: compliance.samples.filter((s) => s.verdict === 'non_compliant'),
    generatedAt: at,
  };
  const parent = { type: 'site' as const, id: compliance.site.id, clientId: compliance.site.clientId ?? null };
  const base = `water-quality-${compliance.site.id}-${input.month}`;
  const pdf = await storeGeneratedDocument(who, parent, { fileName: `${base}.pdf`, contentType: 'application/pdf', bytes: await renderQualityReport(model), tags: ['report', 'water-quality'] }, at);
  const csv = await storeGeneratedDocument(who, parent, { fileName: `${base}.csv`, contentType: 'text/csv', bytes: new TextEncoder().encode(reportCsv(model)), tags: ['report', 'water-quality'] }, at);
  return { pdf: await withDownload(pdf), csv: await withDownload(csv) };
}
