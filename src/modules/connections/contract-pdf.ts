/** The supply contract as PDF (供用电合同): the stored terms as offered, and the signature when signed. */
import type { Db } from '../../db/pool.js';
import { renderPdf } from '../../platform/pdf/index.js';
import type { Principal } from '../identity/index.js';
import { contractOf } from './contract-signing.js';
import { stateRefusal } from './refusals.js';

const CLASS: Record<string, string> = {
  residential: '居民 residential',
  lv_nonresidential: '低压非居民 LV non-residential',
  hv_single: '高压单电源 HV single supply',
  hv_dual: '高压双电源 HV dual supply',
};

export async function contractPdf(db: Db, p: Principal, id: number, now = new Date()): Promise<{ file: Buffer; name: string }> {
  const c = await contractOf(db, p, id, now);
  const o = c.current ?? c.offers.at(-1);
  if (!o) throw stateRefusal('CONTRACT_NOT_OFFERED', 'id', 'contract_offered', '该申请尚未发起网上签约', 'no contract has been offered on this application');
  const t = o.terms;
  const file = await renderPdf({ title: `${t.title.zh} ${t.contractNo}` }, (doc) => {
    doc.fontSize(18).text(`${t.title.zh}`, { align: 'center' });
    doc.fontSize(10).text(t.title.en, { align: 'center' });
    doc.moveDown(0.6).fontSize(9);
    const info: [string, string][] = [
      ['合同编号 Contract no.', t.contractNo],
      ['供电人 Supplier', t.supplier],
      ['用电人 Customer', t.customer.name],
      ['用电地址 Address', t.customer.address],
      ['用电类别 Class', CLASS[t.supply.customerClass] ?? t.supply.customerClass],
      ['供电电压 Voltage', `${t.supply.voltageKv} kV`],
      ['约定容量 Capacity', `${t.supply.contractedKva} kVA`],
      ['文本版本 Template', t.templateVersion],
    ];
    for (const [k, v] of info) doc.text(`${k}：${v}`);
    doc.moveDown(0.6);
    for (const cl of t.clauses) {
      doc.fontSize(10).text(`第${cl.no}条\u3000${cl.zh}`);
      doc.fontSize(8).fillColor('#555555').text(`${cl.no}. ${cl.en}`).fillColor('#000000');
      doc.moveDown(0.4);
    }
    doc.moveDown(0.6).fontSize(9);
    doc.text(`内容摘要 SHA-256：${o.contentSha256}`);
    if (o.status === 'signed') {
      doc.text(`用电人签署 Signed by：${o.signerName}\u3000${o.signedAt}\u3000（网上签约 online）`);
      doc.text(`签署记录摘要 Signature seal：${o.signatureSha256}`);
    } else {
      const state = { offered: '待签署 awaiting signature', expired: '已过期 EXPIRED', withdrawn: '已撤回 WITHDRAWN' }[o.status] ?? o.status;
      doc.text(`状态 Status：${state}（签署期限 sign by ${o.expiresAt}）`);
    }
  });
  return { file, name: `contract-${t.contractNo}.pdf` };
}
