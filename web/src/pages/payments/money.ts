/** Money on the payment pages: integer fen ↔ yuan text by string arithmetic, never floating point. */

/** Integer fen → '¥1,234.56'. */
export function yuan(fen: number): string {
  const s = String(Math.abs(fen)).padStart(3, '0');
  return `${fen < 0 ? '−' : ''}¥${s.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${s.slice(-2)}`;
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

/** A fresh client reference for one payment form: a repeated submit of the same form pays once. */
export function newReference(): string {
  return `C${Date.now().toString(36)}-${crypto.getRandomValues(new Uint32Array(2)).join('')}`;
}
