/**
 * Tariff versioning: pure. A tariff is keyed by province, customer class, pricing (single / two-part)
 * and voltage level; its versions carry validity dates (validFrom … validTo, both inclusive, validTo
 * null while open). For one key the versions must follow each other day after day: an overlap or a gap
 * is refused, naming the dates. A version's figures must be complete and consistent (tiers and prices,
 * TOU calendar); unusual TOU prices are warnings (1093号), not refusals.
 */
import { addDays } from '../../platform/calendar/dates.js';
import { boundsOf } from './tier-rules.js';
import { periodsUsed, touPriceWarnings, validateCalendar, type Problem } from './tou-rules.js';
import { PERIODS, type BillingPolicy, type TariffContent, type TariffVersion } from './schemas.js';

type Versioned = Pick<TariffVersion, 'code' | 'province' | 'customerClass' | 'pricing' | 'voltage' | 'validFrom' | 'validTo'>;

export const tariffKey = (v: Pick<TariffVersion, 'province' | 'customerClass' | 'pricing' | 'voltage'>) =>
  `${v.province}/${v.customerClass}/${v.pricing}/${v.voltage}`;

/** Overlaps and gaps between the versions of each tariff key. */
export function validateTariffSet(versions: Versioned[]): Problem[] {
  const out: Problem[] = [];
  const byKey = new Map<string, Versioned[]>();
  for (const v of versions) {
    if (v.validTo !== null && v.validTo < v.validFrom)
      out.push({
        field: 'validTo',
        rule: 'order',
        zh: `${v.code}：失效日 ${v.validTo} 早于生效日 ${v.validFrom}`,
        en: `${v.code}: valid to ${v.validTo} is before valid from ${v.validFrom}`,
      });
    byKey.set(tariffKey(v), [...(byKey.get(tariffKey(v)) ?? []), v]);
  }
  for (const [key, list] of byKey) {
    const sorted = [...list].sort((a, b) => (a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0));
    // walk in order of start, keeping the version that reaches furthest so far (null validTo = open)
    let reach = sorted[0];
    for (const b of sorted.slice(1)) {
      const a = reach;
      if (a.validTo === null || b.validFrom <= a.validTo) {
        const until = a.validTo === null ? b.validTo : b.validTo === null ? a.validTo : a.validTo < b.validTo ? a.validTo : b.validTo;
        const span = until === null ? `${b.validFrom} 起 onwards` : `${b.validFrom} – ${until}`;
        out.push({
          field: 'validFrom',
          rule: 'overlap',
          zh: `${key}：${a.code} 与 ${b.code} 在 ${span} 重叠`,
          en: `${key}: ${a.code} and ${b.code} overlap on ${span}`,
        });
      } else if (b.validFrom > addDays(a.validTo, 1)) {
        out.push({
          field: 'validFrom',
          rule: 'gap',
          zh: `${key}：${a.code} 与 ${b.code} 之间 ${addDays(a.validTo, 1)} – ${addDays(b.validFrom, -1)} 没有电价`,
          en: `${key}: no tariff between ${a.code} and ${b.code} from ${addDays(a.validTo, 1)} to ${addDays(b.validFrom, -1)}`,
        });
      }
      if (a.validTo !== null && (b.validTo === null || b.validTo > a.validTo)) reach = b;
    }
  }
  return out;
}

/**
 * The figures of one version: refusals (problems) and warnings. The TOU price checks of 1093号 concern
 * commercial and industrial prices; residential TOU prices are not checked against them.
 */
export function validateContent(v: Pick<TariffVersion, 'customerClass' | 'content'>, policy: BillingPolicy): { problems: Problem[]; warnings: string[] } {
  const c: TariffContent = v.content;
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const tierCount = c.tiers ? boundsOf(c.tiers, 1).length + 1 : 1;
  if (c.tiers) {
    for (let m = 1; m <= (c.tiers.basis === 'monthly' ? 12 : 1); m++) {
      const b = boundsOf(c.tiers, m);
      if (b.length + 1 !== tierCount)
        problems.push({
          field: 'content.tiers.bounds',
          rule: 'tier_count',
          zh: `${m} 月的档数与 1 月不同`,
          en: `month ${m} has a different number of tiers than January`,
        });
      if (b.some((x, i) => i > 0 && x <= b[i - 1]))
        problems.push({ field: 'content.tiers.bounds', rule: 'ascending', zh: '阶梯上限须递增', en: 'tier bounds must increase' });
    }
  }
  const checkRates = (rates: TariffContent['rates'], name: 'rates' | 'touRates') => {
    if (rates.length !== tierCount)
      problems.push({
        field: `content.${name}`,
        rule: 'tier_count',
        zh: `${name} 须有 ${tierCount} 档价格`,
        en: `${name} needs ${tierCount} price sets (one per tier)`,
      });
    rates.forEach((r, i) => {
      const periods = PERIODS.filter((p) => r[p] !== undefined);
      if (name === 'rates' && (r.all === undefined || periods.length))
        problems.push({ field: `content.rates.${i}`, rule: 'flat_price', zh: '非分时价格只填 all', en: 'a non-TOU price set has `all` only' });
      if (name === 'touRates' && (r.all !== undefined || periods.length < 2))
        problems.push({
          field: `content.touRates.${i}`,
          rule: 'tou_prices',
          zh: '分时价格须按时段填写（至少两个时段）',
          en: 'a TOU price set names at least two periods and no `all`',
        });
      if (name === 'touRates' && v.customerClass !== 'residential') warnings.push(...touPriceWarnings(r, policy.tou, `touRates.${i}`));
    });
  };
  checkRates(c.rates, 'rates');
  if (c.touRates) {
    checkRates(c.touRates, 'touRates');
    if (!c.touCalendar) problems.push({ field: 'content.touCalendar', rule: 'required', zh: '分时价格须有分时时段表', en: 'TOU prices need a TOU calendar' });
  }
  if (c.touCalendar) {
    problems.push(...validateCalendar(c.touCalendar, 'content.touCalendar'));
    const used = periodsUsed(c.touCalendar);
    for (const [i, r] of (c.touRates ?? []).entries())
      for (const p of used)
        if (r[p] === undefined)
          problems.push({
            field: `content.touRates.${i}.${p}`,
            rule: 'price_missing',
            zh: `时段表用到“${p}”，但没有该时段价格`,
            en: `the calendar uses '${p}' but tier ${i + 1} has no price for it`,
          });
  }
  const codes = c.funds.map((f) => f.code);
  if (new Set(codes).size !== codes.length) problems.push({ field: 'content.funds', rule: 'duplicate', zh: '基金代码重复', en: 'duplicate fund code' });
  return { problems, warnings };
}
