/** The receipt of a payment as PDF (收费凭证), with the platform's Chinese font; amounts in yuan by integer arithmetic. */
import type { Db } from '../../db/pool.js';
import { renderPdf, table, yuan } from '../../platform/pdf/index.js';
import type { Principal } from '../identity/index.js';
import { getPayment } from './payments.js';

const METHOD: Record<string, string> = {
  cash: '现金 cash',
  card: '银行卡 card',
  transfer: '转账 transfer',
  online: '网上 online',
  withholding: '代扣 withholding',
};
const KIND: Record<string, string> = { principal: '电费 principal', late_fee: '违约金 late fee' };

export async function receiptPdf(db: Db, p: Principal, id: number): Promise<{ file: Buffer; name: string }> {
  const pay = await getPayment(db, p, id);
  const file = await renderPdf({ title: `收费凭证 ${pay.receiptNo}`, size: 'A5' }, (doc) => {
    doc.fontSize(16).text('电费收费凭证 / Payment receipt', { align: 'center' });
    doc.moveDown(0.5).fontSize(9);
    const info: [string, string][] = [
      ['收据号 Receipt', pay.receiptNo],
      ['户号 Account', pay.accountNo],
      ['日期 Date', pay.paidOn],
      ['方式 Method', METHOD[pay.method] ?? pay.method],
      ['参考号 Reference', pay.reference],
      ['收费员 Cashier', pay.cashierName ?? '—'],
      ['状态 Status', pay.status === 'posted' ? '有效 valid' : '已冲正 REVERSED'],
    ];
    for (const [k, v] of info) doc.text(`${k}：${v}`);
    doc.moveDown(0.5);
    table(
      doc,
      [
        { title: '账单 Bill', width: 80 },
        { title: '账期 Cycle', width: 70 },
        { title: '项目 Item', width: 110 },
        { title: '金额 Amount (¥)', width: 90, align: 'right' },
      ],
      [
        ...pay.allocations.map((a) => [String(a.billId), a.cycle, KIND[a.kind], yuan(a.amountFen)]),
        ...(pay.creditFen > 0 ? [['', '', '预收 credit', yuan(pay.creditFen)]] : []),
        ['', '', '合计 Total', yuan(pay.amountFen)],
      ],
    );
    for (const c of pay.feeCharges) {
      doc.moveDown(0.3).fontSize(8);
      doc.text(
        `违约金 late fee, bill ${c.billId}: ${c.lateFee.lines.map((l) => `${l.from}–${l.to} ${l.days} × ${l.rate} × ${yuan(l.baseFen)}`).join('; ')} → ¥${yuan(c.amountFen)}`,
      );
    }
  });
  return { file, name: `receipt-${pay.receiptNo}.pdf` };
}
