/** Billing: tariff versions and the simulator (shapes as src/modules/billing/schemas.ts declares them). */
import { call, http, type BodyOf, type QueryOf, type Reply } from './http';

export type TariffVersion = Reply<'/api/billing/tariffs', 'get'>[number];
export type PriceSet = TariffVersion['content']['rates'][number];
export type Period = Exclude<keyof PriceSet, 'all'>;
export type RatingResult = Reply<'/api/billing/simulate', 'post'>;
export type BillLine = RatingResult['lines'][number];
export type SimulateInput = BodyOf<'/api/billing/simulate', 'post'>;
export type BillingAccount = Reply<'/api/billing/accounts', 'get'>[number];
export type AccountBillingParams = Reply<'/api/billing/accounts/{accountId}/parameters', 'get'>;

export const billing = {
  tariffs: (query: QueryOf<'/api/billing/tariffs', 'get'>) => call(http.GET('/api/billing/tariffs', { params: { query } })),
  simulate: (body: SimulateInput) => call(http.POST('/api/billing/simulate', { body })),
  /** the simulator's account picker: accounts in scope whose number starts with q */
  accounts: (q: string) => call(http.GET('/api/billing/accounts', { params: { query: { q } } })),
  parameters: (accountId: number) => call(http.GET('/api/billing/accounts/{accountId}/parameters', { params: { path: { accountId } } })),
  settings: () => call(http.GET('/api/billing/settings')),
};

/** Integer fen → '¥1,234.56' (the console's one money formatter). */
export { yuan } from '../components/money';
