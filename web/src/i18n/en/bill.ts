/** Tariffs and bill simulation */
import type bill from '../zh-CN/bill';
import type { Shape } from '../shape';

const en: Shape<typeof bill> = {
  title: 'Tariffs & bill simulator', tariffs: 'Tariffs in force', simulator: 'Bill simulator', on: 'In force on', province: 'Province', customerClass: 'Customer class', pricing: 'Pricing',
  voltage: 'Voltage', code: 'Version', validity: 'Valid', openEnded: 'open', tiers: 'Tiers', rates: 'Energy prices', touRates: 'TOU prices', basic: 'Basic charge',
  funds: 'Government funds & surcharges', source: 'Source', capacityPrice: 'capacity ¥{{p}}/kVA·month', demandPrice: 'demand ¥{{p}}/kW·month',
  classes: { residential: 'Residential', commercial_industrial: 'Commercial & industrial', agricultural: 'Agricultural' },
  pricings: { single: 'Single-part', two_part: 'Two-part' },
  provinces: { shanghai: 'Shanghai', zhejiang: 'Zhejiang' },
  periods: { all: 'Price', critical: 'Critical peak', peak: 'Peak', flat: 'Flat', valley: 'Valley', total: 'Total kWh' },
  tier: 'Tier {{n}}', tierBounds: 'Annual bounds (kWh)', monthlyBounds: 'Monthly bounds',
  account: 'Account', tou: 'Time of use', hvIndustrial: 'HV industrial user', capacityKva: 'Capacity (kVA)', basicBasis: 'Basic charge by', byCapacity: 'Capacity', byDemand: 'Demand',
  contractDemandKw: 'Contracted demand (kW)', month: 'Billing month', ytdKwh: 'kWh earlier in the tier year', supplyFrom: 'Supplied from',
  registers: 'Consumption', kvarh: 'Reactive energy (kvarh)', maxDemandKw: 'Maximum demand (kW)', run: 'Calculate',
  line: 'Item', register: 'Register', quantity: 'Quantity', unit: 'Unit', price: 'Unit price', amount: 'Amount', rule: 'Rule', note: 'Note', tariffCode: 'Tariff version',
  total: 'Total', totalNote: 'The total is the sum of the lines, each rounded half-up to the fen', warnings: 'Notes', empty: 'Fill in the account and consumption, then Calculate',
};
export default en;
