/**
 * The layout every Hydrant PDF shares (the intervention report, the water-quality report):
 * an A4 page in Helvetica with a title, section headings ruled in the accent colour, and
 * rows of columns as tall as their tallest cell.
 *
 * pdfkit's standalone build is imported: it embeds the metrics of the 14 standard PDF
 * fonts, which the regular build reads from files next to its own module at run time,
 * files an esbuild bundle does not carry. Text is in Helvetica (WinAnsi encoding): any
 * character outside it is replaced, so a report always renders.
 */
import PDFDocument from 'pdfkit/js/pdfkit.standalone.js';

// WinAnsi (cp1252) is Latin-1 plus these; the standard fonts can show nothing else.
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
export const winAnsi = (text: string): string =>
  [...text.normalize('NFC')].map((c) => (c === '\n' || (c >= ' ' && c <= '~') || (c >= '\u00a0' && c <= '\u00ff') || CP1252_EXTRA.has(c) ? c : '?')).join('');

export const MARGIN = 50;
export const GREY = '#555555';
const ACCENT = '#0b5394';

export interface PdfLayout {
  readonly doc: PDFKit.PDFDocument;
  /** The width between the margins. */
  readonly width: number;
  /** The title and the reference under it. */
  title(title: string, reference: string): void;
  heading(text: string): void;
  /** One row of columns (fractions of the width); the first column is a grey label unless `bold`. */
  row(cells: readonly string[], fractions: readonly number[], bold?: boolean): void;
  /** A small centred line at the bottom of the text. */
  footer(text: string): void;
  /** Ends the document: its bytes. */
  end(): Promise<Uint8Array>;
}

export function pdfLayout(info: { readonly title: string; readonly subject: string }): PdfLayout {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: info.title, Author: 'Hydrant', Subject: info.subject } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  return {
    doc,
    width,
    title(title, reference) {
      doc.font('Helvetica-Bold').fontSize(20).fillColor(ACCENT).text(winAnsi(title), { width });
      doc.font('Helvetica').fontSize(11).fillColor(GREY).text(winAnsi(reference), { width });
      doc.fillColor('black');
    },
    heading(text) {
      if (doc.y > doc.page.height - 120) doc.addPage();
      doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).fillColor(ACCENT).text(winAnsi(text), MARGIN, doc.y, { width }).moveDown(0.2);
      doc.moveTo(MARGIN, doc.y).lineTo(MARGIN + width, doc.y).strokeColor(ACCENT).lineWidth(0.5).stroke().moveDown(0.3);
      doc.fillColor('black');
    },
    row(cells, fractions, bold = false) {
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
    },
    footer(text) {
      doc.moveDown(2).font('Helvetica').fontSize(8).fillColor(GREY).text(winAnsi(text), MARGIN, doc.y, { width, align: 'center' });
    },
    async end() {
      doc.end();
      await done;
      return new Uint8Array(Buffer.concat(chunks));
    },
  };
}
