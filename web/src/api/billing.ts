/** Billing: tariff versions and the simulator (shapes as src/modules/billing/schemas.ts declares them). */
import { call, http, type BodyOf, type QueryOf, type Reply } from './http';

export type TariffVersion = Reply<'/api/billing/tariffs', 'get'>[number];
export type PriceSet = TariffVersion['content']['rates'][number];
export type Period = Exclude<keyof PriceSet, 'all'>;
export type RatingResult = Reply<'/api/billing/simulate', 'post'>;
export type BillLine = RatingResult['lines'][number];
export type SimulateInput = BodyOf<'/api/billing/simulate', 'post'>;

export const billing = {
  tariffs: (query: QueryOf<'/api/billing/tariffs', 'get'>) => call(http.GET('/api/billing/tariffs', { params: { query } })),
  simulate: (body: SimulateInput) => call(http.POST('/api/billing/simulate', { body })),
};

/** Integer fen → '¥1,234.56' text without floating point (string arithmetic). */
export function yuan(fen: number): string {
  const neg = fen < 0;
  const s = String(Math.abs(fen)).padStart(3, '0');
  const int = s.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '−' : ''}¥${int}.${s.slice(-2)}`;
}
