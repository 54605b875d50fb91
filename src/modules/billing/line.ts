/** A bill line before rounding: what the rules produce; rating-rules rounds each to the fen. */
import type { Dec } from './decimal.js';

export interface RawLine {
  code: string;
  /** the rule and its source, e.g. 'two_part.demand (发改办价格〔2016〕1583号)' */
  rule: string;
  labelZh: string;
  labelEn: string;
  register: string | null;
  quantity: Dec;
  unit: string;
  /** the unit price in yuan (or the percentage for power factor) */
  price: Dec;
  /** the exact amount in yuan before rounding */
  amount: Dec;
  note?: string;
}
