/** Opens a PDF with Mozilla's PDF.js (the legacy build, for Node) and returns its pages' text. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

// The metrics of the 14 standard fonts, which PDF.js reads to lay out their text.
const standardFontDataUrl = `${join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;

export async function pdfText(bytes: Uint8Array): Promise<{ pages: number; text: string; title: string | undefined }> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), disableFontFace: true, useSystemFonts: false, isEvalSupported: false, standardFontDataUrl }).promise;
  const parts: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    parts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  const meta = await pdf.getMetadata();
  const title = (meta.info as { Title?: string } | undefined)?.Title;
  const pages = pdf.numPages;
  await pdf.destroy();
  return { pages, text: parts.join('\n').replace(/\s+/g, ' '), title };
}
