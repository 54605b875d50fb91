/** Money on the payment pages: integer fen ↔ yuan text by string arithmetic, never floating point. */

export { fenOf, yuan } from '../../components/money';

/** A fresh client reference for one payment form: a repeated submit of the same form pays once. */
export function newReference(): string {
  return `C${Date.now().toString(36)}-${crypto.getRandomValues(new Uint32Array(2)).join('')}`;
}
