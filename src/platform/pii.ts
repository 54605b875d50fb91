/** Pure: masking of personal data for lists and logs (138****1234), and format rules. */
export function maskPhone(p: string | null | undefined): string | null {
  if (!p) return p ?? null;
  if (p.length < 7) return '*'.repeat(p.length);
  return p.slice(0, 3) + '****' + p.slice(-4);
}

export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return id ?? null;
  if (id.length < 8) return '*'.repeat(id.length);
  return id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
}

/** Mainland mobile (1[3-9]x, 11 digits) or fixed line with area code (0xx-xxxxxxx). */
export const PHONE_PATTERN = '^(1[3-9]\\d{9}|0\\d{2,3}-?\\d{7,8})$';
/** 18-character resident ID: 17 digits and a check character. */
export const ID_NUMBER_PATTERN = '^\\d{17}[\\dXx]$';

/** GB 11643 check digit of an 18-character resident identity number. */
export function validIdNumber(id: string): boolean {
  if (!new RegExp(ID_NUMBER_PATTERN).test(id)) return false;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const codes = '10X98765432';
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(id[i]) * w[i];
  return codes[s % 11] === id[17].toUpperCase();
}

export function idCheckChar(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * w[i];
  return '10X98765432'[s % 11];
}

/** Masks phone and ID numbers wherever they appear in free text such as a logged URL. */
export function maskInText(s: string): string {
  return s
    .replace(/(?<!\d)(\d{6})(\d{8})(\d{3}[\dXx])(?![\dXx])/g, (_m, a: string, _b: string, c: string) => `${a.slice(0, 4)}**********${c}`)
    .replace(/(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)/g, '$1****$3');
}
