/** Billing: tariff versions and the simulator (shapes as src/modules/billing/schemas.ts declares them). */
import { api } from './client';

export type Period = 'critical' | 'peak' | 'flat' | 'valley';
export type PriceSet = Partial<Record<Period | 'all', string>>;
export interface TariffVersion {
  id: number;
  code: string;
  province: string;
  customerClass: 'residential' | 'commercial_industrial' | 'agricultural';
  pricing: 'single' | 'two_part';
  voltage: string;
  validFrom: string;
  validTo: string | null;
  content: {
    tiers?: { basis: 'annual'; bounds: number[] } | { basis: 'monthly'; bounds: number[][] };
    rates: PriceSet[];
    touRates?: PriceSet[];
    basic?: { capacityPrice: string; demandPrice: string };
    funds: { code: string; nameZh: string; nameEn: string; price: string }[];
    source?: string;
  };
}
export interface BillLine {
  code: string; rule: string; labelZh: string; labelEn: string; tariffCode: string | null; register: string | null;
  quantity: string; unit: string; price: string; amountFen: number; note?: string;
}
export interface RatingResult { lines: BillLine[]; totalFen: number; warnings: string[]; tariffCodes?: string[] }
export interface SimulateInput {
  province: string;
  account: {
    customerClass: TariffVersion['customerClass']; pricing: TariffVersion['pricing']; voltage: string; capacityKva: number; tou: boolean;
    hvIndustrial?: boolean; basicBasis?: 'capacity' | 'demand'; contractDemandKw?: number; supplyFrom?: string;
  };
  period: { from: string; to: string };
  registers: { kwh: Partial<Record<Period | 'total', number>>; kvarh?: number; maxDemandKw?: number };
  ytdKwh?: number;
}

export const billing = {
  tariffs: (q: { province?: string; customerClass?: string; on?: string }) => api.get<TariffVersion[]>('/api/billing/tariffs', q),
  simulate: (body: SimulateInput) => api.post<RatingResult>('/api/billing/simulate', body),
};

/** Integer fen → '¥1,234.56' text without floating point (string arithmetic). */
export function yuan(fen: number): string {
  const neg = fen < 0;
  const s = String(Math.abs(fen)).padStart(3, '0');
  const int = s.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '−' : ''}¥${int}.${s.slice(-2)}`;
}
