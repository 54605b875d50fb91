/**
 * Seed tariffs (policy data, not code). Which figures are published and which are illustrative:
 *
 * - PUBLISHED: Shanghai and Zhejiang residential tiers and prices (阶梯电价), with their TOU variants,
 *   as listed in the billing brief (Shanghai ≤ 3120 / 3120–4800 / > 4800 kWh at 0.617 / 0.667 / 0.917,
 *   TOU peak/valley 0.617/0.307, 0.677/0.337, 0.977/0.487; Zhejiang ≤ 2760 / 2761–4800 / ≥ 4801 at
 *   0.538 / 0.588 / 0.838, TOU 0.568/0.288, 0.618/0.338, 0.868/0.588). Residential catalog prices
 *   include the government funds, so the residential versions carry no fund lines. The residential TOU
 *   hours (Shanghai peak 06:00–22:00; Zhejiang peak 08:00–22:00) follow the provinces' published schemes.
 * - ILLUSTRATIVE: every Zhejiang commercial & industrial figure (single- and two-part energy prices,
 *   basic charge prices, the TOU calendar with its critical-peak hours, the two versions' dates) and the
 *   fund levels. They have the shape and the order of magnitude of the published tables and respect
 *   1093号's checks, but are not the current official prices: replace them from the province's notice.
 */
import type { TariffContent, TariffVersion } from './schemas.js';

const SOURCE_PUBLISHED = '已公布价格（阶梯及分时价格见简报所列上海、浙江居民电价表）/ published figures';
const SOURCE_ILLUSTRATIVE = '示例数据，非现行官方价格 / ILLUSTRATIVE figures, not the official current prices';

const dayNight = (peakFrom: string, peakTo: string): TariffContent['touCalendar'] => ({
  seasons: [
    {
      name: '全年 all year',
      months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
      ranges: [
        { from: '00:00', to: peakFrom, period: 'valley' },
        { from: peakFrom, to: peakTo, period: 'peak' },
        { from: peakTo, to: '24:00', period: 'valley' },
      ],
    },
  ],
});

/** Zhejiang C&I TOU calendar (illustrative, after the province's pattern): critical peaks in Jan, Jul, Aug, Dec. */
const ZJ_CI_CALENDAR: TariffContent['touCalendar'] = {
  seasons: [
    {
      name: '尖峰季 critical season',
      months: [1, 7, 8, 12],
      ranges: [
        { from: '00:00', to: '08:00', period: 'valley' },
        { from: '08:00', to: '09:00', period: 'flat' },
        { from: '09:00', to: '11:00', period: 'critical' },
        { from: '11:00', to: '13:00', period: 'valley' },
        { from: '13:00', to: '15:00', period: 'flat' },
        { from: '15:00', to: '17:00', period: 'critical' },
        { from: '17:00', to: '19:00', period: 'flat' },
        { from: '19:00', to: '21:00', period: 'peak' },
        { from: '21:00', to: '22:00', period: 'flat' },
        { from: '22:00', to: '24:00', period: 'valley' },
      ],
    },
    {
      name: '其他月份 other months',
      months: [2, 3, 4, 5, 6, 9, 10, 11],
      ranges: [
        { from: '00:00', to: '08:00', period: 'valley' },
        { from: '08:00', to: '09:00', period: 'flat' },
        { from: '09:00', to: '11:00', period: 'peak' },
        { from: '11:00', to: '13:00', period: 'valley' },
        { from: '13:00', to: '15:00', period: 'flat' },
        { from: '15:00', to: '17:00', period: 'peak' },
        { from: '17:00', to: '19:00', period: 'flat' },
        { from: '19:00', to: '21:00', period: 'peak' },
        { from: '21:00', to: '22:00', period: 'flat' },
        { from: '22:00', to: '24:00', period: 'valley' },
      ],
    },
  ],
};

/** Government funds and surcharges per kWh (illustrative levels). */
const CI_FUNDS: TariffContent['funds'] = [
  { code: 'major_water', nameZh: '国家重大水利工程建设基金', nameEn: 'Major water projects fund', price: '0.00196' },
  { code: 'reservoir_migrants', nameZh: '大中型水库移民后期扶持资金', nameEn: 'Reservoir resettlement fund', price: '0.0062' },
  { code: 'renewable', nameZh: '可再生能源电价附加', nameEn: 'Renewable energy surcharge', price: '0.019' },
];

export const SEED_TARIFFS: TariffVersion[] = [
  {
    code: 'SH-RES-2012',
    province: 'shanghai',
    customerClass: 'residential',
    pricing: 'single',
    voltage: 'lv',
    validFrom: '2012-07-01',
    validTo: null,
    content: {
      tiers: { basis: 'annual', bounds: [3120, 4800] },
      rates: [{ all: '0.617' }, { all: '0.667' }, { all: '0.917' }],
      touRates: [
        { peak: '0.617', valley: '0.307' },
        { peak: '0.677', valley: '0.337' },
        { peak: '0.977', valley: '0.487' },
      ],
      touCalendar: dayNight('06:00', '22:00'),
      funds: [],
      source: SOURCE_PUBLISHED,
    },
  },
  {
    code: 'ZJ-RES-2012',
    province: 'zhejiang',
    customerClass: 'residential',
    pricing: 'single',
    voltage: 'lv',
    validFrom: '2012-07-01',
    validTo: null,
    content: {
      tiers: { basis: 'annual', bounds: [2760, 4800] },
      rates: [{ all: '0.538' }, { all: '0.588' }, { all: '0.838' }],
      touRates: [
        { peak: '0.568', valley: '0.288' },
        { peak: '0.618', valley: '0.338' },
        { peak: '0.868', valley: '0.588' },
      ],
      touCalendar: dayNight('08:00', '22:00'),
      funds: [],
      source: SOURCE_PUBLISHED,
    },
  },
  {
    code: 'ZJ-CI1-2024',
    province: 'zhejiang',
    customerClass: 'commercial_industrial',
    pricing: 'single',
    voltage: '10kv',
    validFrom: '2024-01-01',
    validTo: null,
    content: {
      rates: [{ all: '0.6500' }],
      touRates: [{ critical: '1.2000', peak: '0.9800', flat: '0.6500', valley: '0.3200' }],
      touCalendar: ZJ_CI_CALENDAR,
      funds: CI_FUNDS,
      source: SOURCE_ILLUSTRATIVE,
    },
  },
  {
    code: 'ZJ-CI2-2024',
    province: 'zhejiang',
    customerClass: 'commercial_industrial',
    pricing: 'two_part',
    voltage: '10kv',
    validFrom: '2024-01-01',
    validTo: '2025-06-15',
    content: {
      rates: [{ all: '0.5800' }],
      touRates: [{ critical: '1.1000', peak: '0.9000', flat: '0.5800', valley: '0.2800' }],
      touCalendar: ZJ_CI_CALENDAR,
      basic: { capacityPrice: '30', demandPrice: '40' },
      funds: CI_FUNDS,
      source: SOURCE_ILLUSTRATIVE,
    },
  },
  {
    code: 'ZJ-CI2-2025',
    province: 'zhejiang',
    customerClass: 'commercial_industrial',
    pricing: 'two_part',
    voltage: '10kv',
    validFrom: '2025-06-16',
    validTo: null,
    content: {
      rates: [{ all: '0.5600' }],
      touRates: [{ critical: '1.0800', peak: '0.8800', flat: '0.5600', valley: '0.2700' }],
      touCalendar: ZJ_CI_CALENDAR,
      basic: { capacityPrice: '28', demandPrice: '38' },
      funds: CI_FUNDS,
      source: SOURCE_ILLUSTRATIVE,
    },
  },
  {
    code: 'ZJ-CI1-LV-2024',
    province: 'zhejiang',
    customerClass: 'commercial_industrial',
    pricing: 'single',
    voltage: 'lv',
    validFrom: '2024-01-01',
    validTo: null,
    content: {
      rates: [{ all: '0.6700' }],
      touRates: [{ critical: '1.2400', peak: '1.0100', flat: '0.6700', valley: '0.3300' }],
      touCalendar: ZJ_CI_CALENDAR,
      funds: CI_FUNDS,
      source: SOURCE_ILLUSTRATIVE,
    },
  },
];
