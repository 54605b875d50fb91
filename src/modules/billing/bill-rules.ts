/**
 * From stored readings to the rating input, and the arithmetic of a rebill: pure, no I/O.
 *
 * - The billing profile of an account (customer class, pricing, voltage, TOU) follows from its service
 *   point (docs/billing.md §10): residential → residential single-part, non-TOU; non-residential →
 *   commercial & industrial, billed by TOU period; two-part from `twoPart.twoPartMinKva` (315 kVA) with the
 *   basic charge by capacity; the voltage level from the supply voltage (< 1 kV 'lv', ≤ 10 kV '10kv', …).
 * - A register's quantity is its advance (current − previous reading, one rollover of an N-digit register
 *   allowed) × the meter's multiplier (倍率), or the month's usage when the reading is a usage value
 *   (interval sums, maximum demand). An account with several meters adds them up register by register.
 * - A reversal negates every line of the cancelled bill, so bill + reversal = 0 fen exactly.
 */
import { D, dec, qtyText, type Dec } from './decimal.js';
import { registerAdvance } from './reading-rules.js';
import { PERIOD_REGISTER, type StoredRegister } from './reading-file-rules.js';
import { PERIODS, type BillLine, type BillingPolicy, type Period, type RatingAccount, type Registers } from './schemas.js';

export interface ProfileInput {
  customerClass: string;
  contractedKva: string;
  supplyVoltageKv: string;
}
export interface Profile {
  account: RatingAccount;
  key: { customerClass: RatingAccount['customerClass']; pricing: RatingAccount['pricing']; voltage: string };
}

export function voltageLevel(kv: number): string {
  if (kv < 1) return 'lv';
  if (kv <= 10) return '10kv';
  if (kv <= 35) return '35kv';
  return '110kv';
}

export function billingProfile(sp: ProfileInput, policy: BillingPolicy['twoPart']): Profile {
  const kva = Number(sp.contractedKva);
  const voltage = voltageLevel(Number(sp.supplyVoltageKv));
  if (sp.customerClass === 'residential') {
    const account: RatingAccount = { customerClass: 'residential', pricing: 'single', voltage, capacityKva: kva, tou: false };
    return { account, key: { customerClass: 'residential', pricing: 'single', voltage } };
  }
  const twoPart = kva >= policy.twoPartMinKva;
  const account: RatingAccount = {
    customerClass: 'commercial_industrial',
    pricing: twoPart ? 'two_part' : 'single',
    voltage,
    capacityKva: kva,
    tou: true,
    hvIndustrial: false,
    ...(twoPart ? { basicBasis: 'capacity' as const } : {}),
  };
  return { account, key: { customerClass: 'commercial_industrial', pricing: account.pricing, voltage } };
}

export interface StoredRead {
  meterId: number;
  register: StoredRegister;
  readAt: string;
  mode: 'index' | 'usage';
  value: string;
  estimated: boolean;
  meterChanged: boolean;
}
export interface MeterReads {
  meterId: number;
  meterNo: string;
  multiplier: string;
  current: StoredRead[];
  previous: StoredRead[];
}
export interface RegisterSource {
  register: string;
  quantity: string;
  reading: string;
}
export interface BuiltRegisters {
  registers: Registers;
  kwh: Dec;
  sources: RegisterSource[];
  missing: string[];
}

const REGISTER_OF_LINE: Record<string, StoredRegister> = {
  'kwh.total': 'kwh_total',
  kvarh: 'kvarh',
  ...Object.fromEntries(PERIODS.map((p) => [`kwh.${p}`, PERIOD_REGISTER[p]])),
};

/**
 * The registers of the rating input from the cycle's readings and the readings before (per meter), with
 * where each quantity comes from. `missing` names what the account's profile needs and no reading gives.
 */
export function buildRegisters(account: RatingAccount, meters: MeterReads[], digits: number, rolloverMaxShare: string): BuiltRegisters {
  const sums = new Map<StoredRegister, Dec>();
  const refs = new Map<StoredRegister, string[]>();
  const missing: string[] = [];
  const wanted: StoredRegister[] = account.tou
    ? ['kwh_critical', 'kwh_peak', 'kwh_flat', 'kwh_valley', 'kvarh', 'max_demand_kw']
    : ['kwh_total', 'kvarh', 'max_demand_kw'];
  for (const m of meters) {
    const mult = dec(m.multiplier);
    for (const reg of wanted) {
      const cur = m.current.find((r) => r.register === reg);
      if (!cur) continue;
      let q: Dec, ref: string;
      if (cur.mode === 'usage') {
        q = dec(cur.value).times(mult);
        ref = `${m.meterNo}:${reg}:usage@${cur.readAt}`;
      } else {
        const prev = m.previous.find((r) => r.register === reg && r.mode === 'index');
        if (cur.meterChanged) {
          q = dec(cur.value).times(mult);
          ref = `${m.meterNo}:${reg}:new-meter→${cur.value}@${cur.readAt}`;
        } else if (!prev) {
          missing.push(`${m.meterNo}:${reg}:previous`);
          continue;
        } else {
          const a = registerAdvance(dec(prev.value), dec(cur.value), digits, dec(rolloverMaxShare));
          if (!a) {
            missing.push(`${m.meterNo}:${reg}:below_last`);
            continue;
          }
          q = a.advance.times(mult);
          ref = `${m.meterNo}:${reg}:${prev.value}@${prev.readAt}→${cur.value}@${cur.readAt}${a.rollover ? ' (rollover)' : ''}${mult.eq(1) ? '' : ` ×${mult}`}`;
        }
      }
      sums.set(reg, (sums.get(reg) ?? new D(0)).plus(q));
      refs.set(reg, [...(refs.get(reg) ?? []), ref]);
    }
  }
  const kwh: Registers['kwh'] = {};
  let total = new D(0);
  if (account.tou) {
    for (const p of PERIODS) {
      const q = sums.get(PERIOD_REGISTER[p]);
      if (q) {
        kwh[p as Period] = q.toNumber();
        total = total.plus(q);
      }
    }
    if (!Object.keys(kwh).length) missing.push('kwh_by_period');
  } else {
    const q = sums.get('kwh_total');
    if (q) {
      kwh.total = q.toNumber();
      total = q;
    } else missing.push('kwh_total');
  }
  const registers: Registers = { kwh };
  if (sums.has('kvarh')) registers.kvarh = sums.get('kvarh')!.toNumber();
  if (sums.has('max_demand_kw')) registers.maxDemandKw = sums.get('max_demand_kw')!.toNumber();
  const sources = [...sums.entries()].map(([register, q]) => ({ register, quantity: qtyText(q), reading: refs.get(register)!.join('; ') }));
  return { registers, kwh: total, sources, missing };
}

/** The reading a bill line's quantity comes from (by the line's register). */
export function readingOfLine(line: BillLine, sources: RegisterSource[]): string | null {
  if (!line.register) return null;
  const reg = REGISTER_OF_LINE[line.register];
  return sources.find((s) => s.register === reg)?.reading ?? null;
}

/** The reversal of a bill: every line negated (amount and quantity), so the two add up to exactly zero. */
export function reversalLines<T extends { amountFen: number; quantity: string; code: string }>(lines: T[]): T[] {
  return lines.map((l) => ({
    ...l,
    code: `reversal_${l.code}`,
    quantity: l.quantity.startsWith('-') ? l.quantity.slice(1) : `-${l.quantity}`,
    amountFen: l.amountFen === 0 ? 0 : -l.amountFen,
  }));
}

/** The bill total: the sum of its rounded lines (never the rounding of an exact sum). */
export const totalOf = (lines: { amountFen: number }[]) => lines.reduce((s, l) => s + l.amountFen, 0);

/** First and last day of a cycle. */
export function cyclePeriod(cycle: string): { from: string; to: string } {
  const last = new Date(Date.UTC(+cycle.slice(0, 4), +cycle.slice(5, 7), 0)).getUTCDate();
  return { from: `${cycle}-01`, to: `${cycle}-${String(last).padStart(2, '0')}` };
}

/** Account ids cut into chunks of at most `size` accounts: [from, to] ranges in ascending order. */
export function chunkRanges(ids: number[], size: number): { from: number; to: number; accounts: number }[] {
  const out: { from: number; to: number; accounts: number }[] = [];
  for (let i = 0; i < ids.length; i += size) {
    const part = ids.slice(i, i + size);
    out.push({ from: part[0], to: part[part.length - 1], accounts: part.length });
  }
  return out;
}

/** The next read day of a route on or after `today` (YYYY-MM-DD): day `readDay` of this month or the next. */
export function nextReadDate(readDay: number, today: string): string {
  const y = +today.slice(0, 4),
    m = +today.slice(5, 7),
    d = +today.slice(8, 10);
  const at = d <= readDay ? new Date(Date.UTC(y, m - 1, readDay)) : new Date(Date.UTC(y, m, readDay));
  return at.toISOString().slice(0, 10);
}
