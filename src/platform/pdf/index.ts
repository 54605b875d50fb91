export { renderPdf, table, yuan, type Pdf, type PdfOptions } from './document.js';
