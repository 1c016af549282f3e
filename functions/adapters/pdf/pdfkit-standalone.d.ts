/** pdfkit's standalone build: the same API as `pdfkit`, with the standard fonts embedded. */
declare module 'pdfkit/js/pdfkit.standalone.js' {
  import PDFDocument from 'pdfkit';
  export default PDFDocument;
}
