/**
 * The printed bill (电费通知单, docs/billing.md §13), pure: what a bill document says, from the stored
 * bill, its lines and inputs, the addressee and the billing settings. Nothing is computed again: the
 * amounts are the stored integer-fen lines, the total is their sum (the stored total, checked), the
 * meter reads come from the readings each register was rated from (`inputs.sources`).
 */
import { payTarget } from './bill-pay-rules.js';
import { yuan } from '../../platform/pdf/index.js';

export interface BillDocLine {
  labelZh: string;
  /** quantity with its unit (kWh, kVA·month, cos φ) */
  quantity: string;
  /** unit price in yuan, or the adjustment percentage */
  price: string;
  amount: string;
  tariffCode: string;
}
export interface BillDocRead {
  meterNo: string;
  registerZh: string;
  previous: string;
  current: string;
  multiplier: string;
  quantity: string;
}
export interface BillDocument {
  title: string;
  company: string;
  unit: string;
  billNo: string;
  payRef: string;
  kindZh: string | null;
  fields: [string, string][];
  reads: BillDocRead[];
  lines: BillDocLine[];
  totalFen: number;
  total: string;
  totalInWords: string;
  dueDate: string | null;
  notices: string[];
  /** what the pay QR code encodes (bill-pay-rules.ts); null for a bill not to be paid (draft, cancelled, reversal, nothing due) */
  payText: string | null;
}

export interface BillForDocument {
  id: number;
  accountId: number;
  cycle: string;
  kind: 'normal' | 'reversal' | 'rebill' | 'interim';
  status: string;
  periodFrom: string;
  periodTo: string;
  kwh: string;
  totalFen: number;
  dueDate: string | null;
  releasedAt: string | null;
  reason: string | null;
  replacesBillId: number | null;
  inputs: Record<string, unknown>;
  lines: { labelZh: string; quantity: string; unit: string; price: string; amountFen: number; tariffCode: string | null; code: string }[];
}
export interface Addressee {
  accountNo: string;
  customerName: string;
  address: string;
}
export interface DocumentSettings {
  companyName: string;
  unitName: string;
  hotline: string;
  lateFeeNoticeZh: string;
  /** the pay page of the QR code, with {payRef} (billing settings); null: the QR code carries the pay reference */
  payLink?: string | null;
}

const REGISTER_ZH: Record<string, string> = {
  kwh_total: '有功总',
  kwh_critical: '尖峰',
  kwh_peak: '高峰',
  kwh_flat: '平段',
  kwh_valley: '低谷',
  kvarh: '无功',
  max_demand_kw: '最大需量',
};

/**
 * The meter reads of a bill from its register sources. A source's reading is
 * `meter:register:previous@time→current@time[ (rollover)][ ×multiplier]` (several joined by '; '),
 * `meter:register:usage@time` or `meter:register:new-meter→current@time` (bill-rules.ts).
 */
export function billReads(sources: { register: string; quantity: string; reading: string }[]): BillDocRead[] {
  const out: BillDocRead[] = [];
  for (const s of sources) {
    const parts = s.reading.split('; ');
    for (const r of parts) {
      const m = /^(.+?):([a-z_0-9]+):(.*)$/.exec(r);
      if (!m) continue;
      const [, meterNo, register, rest] = m;
      const mult = / ×(\S+)$/.exec(rest)?.[1] ?? '1';
      const body = rest.replace(/ ×\S+$/, '').replace(/ \(rollover\)$/, '');
      const idx = /^(.+?)@\S+→(.+?)@\S+$/.exec(body);
      const fresh = /^new-meter→(.+?)@\S+$/.exec(body);
      out.push({
        meterNo,
        registerZh: REGISTER_ZH[register] ?? register,
        previous: idx ? idx[1] : fresh ? '新表' : '—',
        current: idx ? idx[2] : fresh ? fresh[1] : '计量值',
        multiplier: mult,
        // the register's rated quantity (after the multiplier) when it has one reading; else shown on the first of them
        quantity: parts.length === 1 || r === parts[0] ? s.quantity : '',
      });
    }
  }
  return out;
}

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const UNITS = ['', '拾', '佰', '仟'];
const GROUPS = ['', '万', '亿', '万亿'];

/** An amount in fen as the capital-figure words printed on Chinese bills and receipts (大写金额), by integer arithmetic. */
export function fenInWords(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not an integer amount of fen: ${fen}`);
  const neg = fen < 0;
  const a = Math.abs(fen);
  const yuanPart = Math.floor(a / 100);
  const jiao = Math.floor(a / 10) % 10;
  const fenPart = a % 10;
  let words = '';
  if (yuanPart > 0) {
    const groups: number[] = [];
    for (let y = yuanPart; y > 0; y = Math.floor(y / 10000)) groups.push(y % 10000);
    let zeroPending = false;
    for (let g = groups.length - 1; g >= 0; g--) {
      const v = groups[g];
      if (v === 0) {
        zeroPending = words.length > 0;
        continue;
      }
      if (zeroPending || (words.length > 0 && v < 1000)) words += '零';
      zeroPending = false;
      let inner = '';
      let innerZero = false;
      for (let k = 3; k >= 0; k--) {
        const d = Math.floor(v / 10 ** k) % 10;
        if (d === 0) {
          innerZero = inner.length > 0;
          continue;
        }
        if (innerZero) inner += '零';
        innerZero = false;
        inner += DIGITS[d] + UNITS[k];
      }
      words += inner + GROUPS[g];
    }
    words += '元';
  }
  if (jiao === 0 && fenPart === 0) words = (words || '零元') + '整';
  else {
    if (jiao > 0) words += (yuanPart > 0 && yuanPart % 10 === 0 ? '零' : '') + DIGITS[jiao] + '角';
    else if (yuanPart > 0) words += '零';
    if (fenPart > 0) words += DIGITS[fenPart] + '分';
    else words += '整';
  }
  return (neg ? '负' : '') + words;
}

/**
 * The payment reference printed on a bill: the account number, the bill id and one check digit
 * (Luhn, mod 10, over the digits of both), e.g. `3700000001-12345-7`. A teller or a bank file can
 * catch a mistyped reference with it.
 */
export function payReference(accountNo: string, billId: number): string {
  const digits = `${accountNo}${billId}`.replace(/\D/g, '');
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return `${accountNo}-${billId}-${(10 - (sum % 10)) % 10}`;
}

const KIND_ZH: Record<BillForDocument['kind'], string | null> = { normal: null, reversal: '冲红账单', rebill: '退补重算账单', interim: '分次结算账单' };

/** What the printed bill says. The total printed is the sum of the lines printed (and equals the stored total). */
export function billDocument(bill: BillForDocument, to: Addressee, s: DocumentSettings): BillDocument {
  const sum = bill.lines.reduce((t, l) => t + l.amountFen, 0);
  if (sum !== bill.totalFen) throw new Error(`bill ${bill.id}: stored total ${bill.totalFen} fen is not the sum of its lines ${sum}`);
  const sources = (bill.inputs.sources ?? []) as { register: string; quantity: string; reading: string }[];
  const notices: string[] = [];
  if (bill.kind !== 'normal' && bill.reason) notices.push(`退补原因：${bill.reason}（原账单 ${bill.replacesBillId ?? ''}）`);
  if (bill.status === 'draft') notices.push('本账单尚未发行，仅供审核。');
  if (bill.status === 'cancelled') notices.push('本账单已作废（退补），以冲红及重算账单为准。');
  // a split-settlement month-end bill below zero (§19): the interim bills charged more than the month; nothing to pay
  if (bill.kind !== 'reversal' && sum < 0) notices.push(`本月分次结算已收电费多于全月电费 ${yuan(-sum)} 元，本账单无需缴费。`);
  else if (bill.dueDate) notices.push(`请于 ${bill.dueDate} 前缴清电费。${s.lateFeeNoticeZh}`);
  if (bill.kind === 'interim') notices.push('本账单为分次结算账单：月末抄表后按全月实际电量结清当月电费，并扣减本月已出的分次结算账单。');
  notices.push(`如有疑问请致电 ${s.hotline} 供电服务热线，或到营业厅查询。`);
  return {
    title: '电费通知单',
    company: s.companyName,
    unit: s.unitName,
    billNo: String(bill.id),
    payRef: payReference(to.accountNo, bill.id),
    kindZh: KIND_ZH[bill.kind],
    fields: [
      ['户名', to.customerName],
      ['户号', to.accountNo],
      ['用电地址', to.address],
      ['电费年月', bill.cycle],
      ['计费期间', `${bill.periodFrom} 至 ${bill.periodTo}`],
      ['结算电量', `${bill.kwh} kWh`],
      ['发行日期', bill.releasedAt ? bill.releasedAt.slice(0, 10) : '—'],
      ['缴费期限', bill.dueDate ?? '—'],
    ],
    reads: billReads(sources),
    lines: bill.lines.map((l) => ({
      labelZh: l.labelZh,
      quantity: `${l.quantity} ${l.unit}`,
      price: l.unit === 'cos φ' ? `${l.price}%` : l.price,
      amount: yuan(l.amountFen),
      tariffCode: l.tariffCode ?? '',
    })),
    totalFen: sum,
    total: yuan(sum),
    totalInWords: fenInWords(sum),
    dueDate: bill.dueDate,
    notices,
    payText: bill.status === 'released' && bill.kind !== 'reversal' && sum > 0 ? payTarget(payReference(to.accountNo, bill.id), s.payLink ?? null) : null,
  };
}
