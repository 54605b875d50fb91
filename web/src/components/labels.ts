/** Translate a code (customer class, device kind, …) with a fallback to the code itself. */
import i18n from '../i18n';

export function label(prefix: string, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '';
  const key = `${prefix}.${code}`;
  return i18n.exists(key) ? i18n.t(key) : code;
}
