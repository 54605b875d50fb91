/** A random key (Idempotency-Key); works on plain http too, where crypto.randomUUID is unavailable. */
export function newKey(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return `web-${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`;
}
