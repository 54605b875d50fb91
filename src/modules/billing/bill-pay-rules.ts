/**
 * The pay QR code of a bill (docs/billing.md §13): what it encodes and its modules, pure. The QR code
 * carries the billing settings' pay link with the bill's pay reference (缴费编号) in place of `{payRef}`,
 * or — while no pay link is set — the pay reference alone (what a teller or a bank app asks for). The
 * symbol is made by the `qrcode` package (ISO/IEC 18004) at error correction level M (15 % of the
 * codewords recoverable: a smudged print still scans); its dark modules are drawn by the callers as
 * rectangles, one per horizontal run, in the PDF and as an SVG path for the portal.
 */
import QRCode from 'qrcode';

/** ISO/IEC 18004 error correction level of the printed code: M recovers ~15 % of the codewords. */
export const QR_ERROR_CORRECTION = 'M' as const;
/** The quiet zone around the symbol, in modules (ISO/IEC 18004 asks for 4). */
export const QR_QUIET_ZONE = 4;

/** The text of the QR code: the pay link with the reference (URL-encoded), or the reference alone. */
export function payTarget(payRef: string, payLink: string | null): string {
  return payLink ? payLink.split('{payRef}').join(encodeURIComponent(payRef)) : payRef;
}

/** A run of dark modules in one row: `x` (column), `y` (row), `w` modules wide. */
export interface QrRun {
  x: number;
  y: number;
  w: number;
}

/** The QR symbol of `text`: its size in modules (without the quiet zone) and its dark runs, row by row. */
export function qrRuns(text: string): { size: number; runs: QrRun[] } {
  const m = QRCode.create(text, { errorCorrectionLevel: QR_ERROR_CORRECTION }).modules;
  const runs: QrRun[] = [];
  for (let y = 0; y < m.size; y++) {
    let x = 0;
    while (x < m.size) {
      if (!m.data[y * m.size + x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < m.size && m.data[y * m.size + x]) x++;
      runs.push({ x: start, y, w: x - start });
    }
  }
  return { size: m.size, runs };
}

/** The QR code as a standalone SVG (one path, black on white, quiet zone included), scalable. */
export function qrSvg(text: string): string {
  const { size, runs } = qrRuns(text);
  const full = size + 2 * QR_QUIET_ZONE;
  const d = runs.map((r) => `M${r.x + QR_QUIET_ZONE} ${r.y + QR_QUIET_ZONE}h${r.w}v1h-${r.w}z`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${full} ${full}" shape-rendering="crispEdges"><rect width="${full}" height="${full}" fill="#fff"/><path fill="#000" d="${d}"/></svg>`;
}
