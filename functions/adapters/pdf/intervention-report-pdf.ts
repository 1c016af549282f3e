/**
 * Renders an intervention report (`#domain/intervention-report`) as a PDF with pdfkit.
 *
 * pdfkit's standalone build is imported: it embeds the metrics of the 14 standard PDF
 * fonts, which the regular build reads from files next to its own module at run time,
 * files an esbuild bundle does not carry. Text is in Helvetica (WinAnsi encoding): any
 * character outside it is replaced, so a report always renders.
 */
import PDFDocument from 'pdfkit/js/pdfkit.standalone.js';
import { durationText, type ReportModel } from '#domain/intervention-report';

// WinAnsi (cp1252) is Latin-1 plus these; the standard fonts can show nothing else.
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const winAnsi = (text: string): string =>
  [...text.normalize('NFC')].map((c) => (c === '\n' || (c >= ' ' && c <= '~') || (c >= '\u00a0' && c <= '\u00ff') || CP1252_EXTRA.has(c) ? c : '?')).join('');

const MARGIN = 50;
const GREY = '#555555';
const ACCENT = '#0b5394';

/** The PDF bytes of the report. */
export async function renderInterventionReport(report: ReportModel): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: `${report.title} - ${report.reference}`, Author: 'Hydrant', Subject: report.reference } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  const heading = (text: string) => {
    if (doc.y > doc.page.height - 120) doc.addPage();
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).fillColor(ACCENT).text(winAnsi(text), MARGIN, doc.y, { width }).moveDown(0.2);
    doc.moveTo(MARGIN, doc.y).lineTo(MARGIN + width, doc.y).strokeColor(ACCENT).lineWidth(0.5).stroke().moveDown(0.3);
    doc.fillColor('black');
  };
  /** One row of columns (fractions of the width), the row as tall as its tallest cell. */
  const row = (cells: readonly string[], fractions: readonly number[], bold = false) => {
    if (doc.y > doc.page.height - 80) doc.addPage();
    const top = doc.y;
    let bottom = top;
    let x = MARGIN;
    cells.forEach((cell, i) => {
      const w = width * (fractions[i] ?? 0) - 6;
      doc.font(bold || i === 0 ? 'Helvetica-Bold' : 'Helvetica').fontSize(9.5).fillColor(i === 0 && !bold ? GREY : 'black');
      doc.text(winAnsi(cell), x, top, { width: w });
      bottom = Math.max(bottom, doc.y);
      x += width * (fractions[i] ?? 0);
    });
    doc.fillColor('black');
    doc.y = bottom + 3;
  };

  doc.font('Helvetica-Bold').fontSize(20).fillColor(ACCENT).text(winAnsi(report.title), { width });
  doc.font('Helvetica').fontSize(11).fillColor(GREY).text(winAnsi(report.reference), { width });
  doc.fillColor('black');

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

  doc.moveDown(2).font('Helvetica').fontSize(8).fillColor(GREY).text(winAnsi(report.footer), MARGIN, doc.y, { width, align: 'center' });
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

