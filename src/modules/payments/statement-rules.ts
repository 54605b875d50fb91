/**
 * The payment gateway's daily settlement statement (对账单), docs/payments.md "Gateway statement". Pure:
 * the statement's layout (parse, totals check) and the reconciliation of each line against our online
 * orders, payments and refunds. Integer fen; nothing is rounded here (the gateway states each line's fee).
 *
 * Layout (`content` of the statement reply, UTF-8, lines end LF or CRLF, blank lines skipped): a header
 * line `type,orderNo,gatewayTxnId,refundNo,amountFen,feeFen,time`, then one line per transaction of the day:
 * - `pay,<orderNo>,<gatewayTxnId>,,<amountFen>,<feeFen>,<time>` — a payment the gateway collected;
 * - `refund,<orderNo>,,<refundNo>,<amountFen>,0,<time>` — a refund it paid back.
 * Amounts are positive integer fen; the fee 0 ≤ fee ≤ amount; time ISO 8601. No field holds a comma.
 */
export const STATEMENT_HEADER = 'type,orderNo,gatewayTxnId,refundNo,amountFen,feeFen,time';

export interface StatementLine {
  lineNo: number;
  raw: string;
  kind: 'pay' | 'refund';
  orderNo: string;
  gatewayTxnId: string | null;
  refundNo: string | null;
  amountFen: number;
  feeFen: number;
  time: string;
}
export interface BadLine {
  lineNo: number;
  raw: string;
  reason: string;
}
export interface ParsedStatement {
  lines: StatementLine[];
  bad: BadLine[];
  headerOk: boolean;
}

const FEN = /^(0|[1-9]\d{0,14})$/;

export function parseStatement(content: string): ParsedStatement {
  const rows = content.split(/\r?\n/);
  const lines: StatementLine[] = [];
  const bad: BadLine[] = [];
  let headerOk = false;
  let seenHeader = false;
  rows.forEach((raw, i) => {
    const lineNo = i + 1;
    if (!raw.trim()) return;
    if (!seenHeader) {
      seenHeader = true;
      headerOk = raw.trim() === STATEMENT_HEADER;
      if (headerOk) return;
    }
    const f = raw.split(',');
    if (f.length !== 7) return bad.push({ lineNo, raw, reason: `7 fields expected, ${f.length} found` });
    const [kind, orderNo, txn, refundNo, amount, fee, time] = f;
    if (kind !== 'pay' && kind !== 'refund') return bad.push({ lineNo, raw, reason: `unknown type ${kind}` });
    if (!/^OL\d{16}$/.test(orderNo)) return bad.push({ lineNo, raw, reason: `malformed order number ${orderNo}` });
    if (!FEN.test(amount) || Number(amount) === 0) return bad.push({ lineNo, raw, reason: `amount ${amount} is not a positive whole number of fen` });
    if (!FEN.test(fee)) return bad.push({ lineNo, raw, reason: `fee ${fee} is not a whole number of fen` });
    if (Number(fee) > Number(amount)) return bad.push({ lineNo, raw, reason: `fee ${fee} above the amount ${amount}` });
    if (kind === 'pay' && !txn) return bad.push({ lineNo, raw, reason: 'a payment line without its transaction id' });
    if (kind === 'refund' && (!refundNo || Number(fee) !== 0)) return bad.push({ lineNo, raw, reason: 'a refund line needs its refund number and no fee' });
    if (Number.isNaN(Date.parse(time))) return bad.push({ lineNo, raw, reason: `time ${time} is not ISO 8601` });
    lines.push({
      lineNo,
      raw,
      kind,
      orderNo,
      gatewayTxnId: txn || null,
      refundNo: refundNo || null,
      amountFen: Number(amount),
      feeFen: Number(fee),
      time,
    });
  });
  return { lines, bad, headerOk };
}

export interface StatementTotals {
  lines: number;
  grossFen: number;
  refundFen: number;
  feeFen: number;
  netFen: number;
}

/** Sums of the good lines: gross (payments), refunds, fees, net = gross − refunds − fees. */
export function totalsOf(lines: readonly StatementLine[]): Omit<StatementTotals, 'lines'> {
  const grossFen = lines.filter((l) => l.kind === 'pay').reduce((s, l) => s + l.amountFen, 0);
  const refundFen = lines.filter((l) => l.kind === 'refund').reduce((s, l) => s + l.amountFen, 0);
  const feeFen = lines.reduce((s, l) => s + l.feeFen, 0);
  return { grossFen, refundFen, feeFen, netFen: grossFen - refundFen - feeFen };
}

/** What does not add up between the statement's declared totals and its lines (empty: consistent). */
export function totalsProblems(p: ParsedStatement, declared: StatementTotals): string[] {
  const out: string[] = [];
  if (!p.headerOk) out.push(`the first line is not the header ${STATEMENT_HEADER}`);
  const n = p.lines.length + p.bad.length;
  if (n !== declared.lines) out.push(`${declared.lines} lines declared, ${n} found`);
  if (declared.netFen !== declared.grossFen - declared.refundFen - declared.feeFen) out.push('net ≠ gross − refunds − fees');
  if (!p.bad.length) {
    const t = totalsOf(p.lines);
    for (const k of ['grossFen', 'refundFen', 'feeFen', 'netFen'] as const)
      if (t[k] !== declared[k]) out.push(`${k} declared ${declared[k]}, lines sum to ${t[k]}`);
  }
  return out;
}

export interface OurOrder {
  orderNo: string;
  status: string;
  amountFen: number;
  gatewayTxnId: string | null;
  paymentId: number | null;
}
export interface OurRefund {
  refundNo: string;
  amountFen: number;
  status: string;
}
export type LineOutcome = 'matched' | 'needs_query' | 'unknown_order' | 'mismatch' | 'unmatched_refund';

/**
 * One statement line against ours:
 * - pay, our order paid with the same transaction and amount → matched;
 * - pay, our order paid but another amount or transaction → mismatch (quarantined, the reasons named);
 * - pay, our order still open (or failed/closed) with the same amount → needs_query: the gateway is asked
 *   and a paid answer credited (a lost callback); another amount → mismatch;
 * - pay, no such order of ours → unknown_order;
 * - refund, our approved refund with that number and amount → matched; otherwise unmatched_refund.
 */
export function reconcileLine(l: StatementLine, order: OurOrder | undefined, refund: OurRefund | undefined): { outcome: LineOutcome; reasons: string[] } {
  if (l.kind === 'refund') {
    if (!refund) return { outcome: 'unmatched_refund', reasons: [`退款单 ${l.refundNo} 不存在 / refund ${l.refundNo} unknown to griddesk`] };
    const reasons: string[] = [];
    if (refund.amountFen !== l.amountFen)
      reasons.push(`退款金额：对账单 ${l.amountFen} 分，本系统 ${refund.amountFen} 分 / refund amount: statement ${l.amountFen}, ours ${refund.amountFen} fen`);
    if (refund.status !== 'approved') reasons.push(`本系统退款状态 ${refund.status} / our refund is ${refund.status}`);
    return reasons.length ? { outcome: 'unmatched_refund', reasons } : { outcome: 'matched', reasons: [] };
  }
  if (!order) return { outcome: 'unknown_order', reasons: [`订单 ${l.orderNo} 不存在 / order ${l.orderNo} unknown to griddesk`] };
  const reasons: string[] = [];
  if (order.amountFen !== l.amountFen)
    reasons.push(`金额：对账单 ${l.amountFen} 分，订单 ${order.amountFen} 分 / amount: statement ${l.amountFen}, order ${order.amountFen} fen`);
  if (order.status === 'paid') {
    if (order.gatewayTxnId !== l.gatewayTxnId)
      reasons.push(
        `交易号：对账单 ${l.gatewayTxnId}，本系统 ${order.gatewayTxnId ?? '—'} / transaction: statement ${l.gatewayTxnId}, ours ${order.gatewayTxnId ?? '—'}`,
      );
    return reasons.length ? { outcome: 'mismatch', reasons } : { outcome: 'matched', reasons: [] };
  }
  if (reasons.length) return { outcome: 'mismatch', reasons };
  return { outcome: 'needs_query', reasons: [`本系统订单状态 ${order.status}，向网关查询 / our order is ${order.status}: queried`] };
}
