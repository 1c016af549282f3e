/**
 * Renders an intervention report (`#domain/intervention-report`) as a PDF with pdfkit, in
 * the layout of `pdf-layout.ts`.
 */
import { durationText, type ReportModel } from '#domain/intervention-report';
import { MARGIN, pdfLayout, winAnsi } from './pdf-layout';

/** The PDF bytes of the report. */
export async function renderInterventionReport(report: ReportModel): Promise<Uint8Array> {
  const layout = pdfLayout({ title: `${report.title} - ${report.reference}`, subject: report.reference });
  const { doc, width, heading, row } = layout;
  layout.title(report.title, report.reference);

  for (const section of report.fields) {
    heading(section.section);
    for (const [label, value] of section.rows) row([label, value], [0.28, 0.72]);
  }

  heading('Timeline');
  if (report.timeline.length === 0) row(['-', 'No history recorded.'], [0.28, 0.72]);
  else {
    row(['When', 'Change', 'By / comment'], [0.28, 0.3, 0.42], true);
    for (const entry of report.timeline) row(entry, [0.28, 0.3, 0.42]);
  }

  heading('Time spent');
  if (report.time.note) row(['-', report.time.note], [0.28, 0.72]);
  for (const entry of report.time.rows) row(entry, [0.28, 0.42, 0.3]);
  // Per technician only when several logged time: with one, it is the total.
  if (report.time.byTechnician.length > 1) for (const [name, minutes] of report.time.byTechnician) row([name, `${durationText(minutes)} in all`], [0.28, 0.72]);
  row(['Total', durationText(report.time.totalMinutes)], [0.28, 0.72], true);

  heading('Checklist');
  row(['Summary', report.checklistSummary], [0.28, 0.72]);
  for (const item of report.checklist) row([item.label, item.answer, item.verdict.toUpperCase()], [0.4, 0.42, 0.18]);

  heading('Signature');
  doc.font('Helvetica').fontSize(10).text(winAnsi(report.signature.text), MARGIN, doc.y, { width });
  if (report.signature.pngBase64) {
    try {
      doc.moveDown(0.3).image(Buffer.from(report.signature.pngBase64, 'base64'), MARGIN, doc.y, { fit: [200, 80] });
      doc.y += 85;
    } catch {
      doc.text('(the signature image could not be read)', { width });
    }
  }

  layout.footer(report.footer);
  return layout.end();
}

