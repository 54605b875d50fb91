/** Money in the console: integer fen ↔ yuan text by string arithmetic, never floating point. One copy for every page. */

/** Integer fen → '1,234.56' (for tables whose heading names the unit); negative with a minus sign. */
export function yuanPlain(fen: number): string {
  const s = String(Math.abs(fen)).padStart(3, '0');
  return `${fen < 0 ? '−' : ''}${s.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${s.slice(-2)}`;
}

/** Integer fen → '¥1,234.56'; negative as '−¥…'. */
export function yuan(fen: number): string {
  return fen < 0 ? `−¥${yuanPlain(-fen)}` : `¥${yuanPlain(fen)}`;
}

/** Yuan as typed ('12.3', '1,234.56') → integer fen; null when it is not an amount with at most 2 decimals. */
export function fenOf(text: string | null | undefined): number | null {
  const m = /^(\d{1,11})(?:\.(\d{1,2}))?$/.exec(
    String(text ?? '')
      .replaceAll(',', '')
      .trim(),
  );
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : null;
}
