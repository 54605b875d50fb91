export { openPdf, renderPdf, table, yuan, type Pdf, type PdfOptions } from './document.js';
