export { openPdf, renderPdf, table, yuan, type Pdf, type PdfOptions } from './document.js';
export { openSheet, loadSheetFont, Sheet, type SheetOptions, type TextOptions, type Align } from './sheet.js';
