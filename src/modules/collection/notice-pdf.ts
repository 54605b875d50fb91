/**
 * The stop-supply notice (停电通知书) as a printable A4 PDF, docs/collection.md "Stop-supply notice":
 * drawn with the platform's Sheet writer (Chinese font subset embedded, text searchable) from the notice's
 * document as issued and its serving record. Amounts in yuan by integer arithmetic.
 */
import type { Db } from '../../db/pool.js';
import { openSheet, type Align, type Sheet } from '../../platform/pdf/index.js';
import type { Principal } from '../identity/index.js';
import { noticePayBy, noticeStopFrom, yuanText } from './notice-rules.js';
import type { NoticeDocument, StepOut } from './schemas.js';
import { noticeForPrint } from './steps.js';

const W = 595.28;
const H = 841.89;
const M = 48;
const BLACK = '#000000';
const GREY = '#555555';
const METHOD: Record<string, string> = { in_person: '直接送达（当面签收）', registered_mail: '挂号信邮寄送达', posted_on_site: '现场张贴（留置）送达' };

const fmtInstant = (iso: string) => {
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
};

class Writer {
  y = M;
  constructor(readonly s: Sheet) {
    s.addPage();
  }
  private room(h: number) {
    if (this.y + h > H - M) {
      this.s.addPage();
      this.y = M;
    }
  }
  para(text: string, size = 10.5, opts: { align?: Align; color?: string; indent?: number } = {}) {
    const x = M + (opts.indent ?? 0);
    const lines = this.s.wrap(text, size, W - M - x);
    this.room(lines.length * this.s.lineHeight(size));
    this.y = this.s.text(text, x, this.y, { size, width: W - M - x, align: opts.align ?? 'left', color: opts.color ?? BLACK });
  }
  gap(h = 6) {
    this.y += h;
  }
  rule() {
    this.room(4);
    this.s.line(M, this.y, W - M, this.y, 0.6, GREY);
    this.y += 4;
  }
  row(cells: { text: string; width: number; align?: Align }[], size = 9, color = BLACK) {
    const h = size * 1.8;
    this.room(h);
    let x = M;
    for (const c of cells) {
      this.s.text(c.text, x + 2, this.y + size * 0.4, { size, width: c.width - 4, align: c.align ?? 'left', color, wrap: false });
      x += c.width;
    }
    this.y += h;
    this.s.line(M, this.y, W - M, this.y, 0.3, GREY);
  }
}

/** Draws the notice: heading, addressee, arrears by bill with the late fee's lines, the stop day, how to pay, the legal basis, the serving record. */
export function drawNotice(s: Sheet, doc: NoticeDocument, step: StepOut): void {
  const w = new Writer(s);
  w.para(doc.companyName + (doc.unitName ? ` ${doc.unitName}` : ''), 12, { align: 'center' });
  w.gap(4);
  w.para('停 电 通 知 书', 20, { align: 'center' });
  w.para(`编号：${doc.noticeNo}`, 9, { align: 'right', color: GREY });
  w.gap(6);
  w.para(`${doc.customerName}：`, 11);
  w.para(`户号：${doc.accountNo}    用电地址：${doc.address || '—'}`, 10, { indent: 21 });
  const stopFrom = step.stopFrom ?? null;
  w.para(
    `截至 ${doc.issuedOn}，您尚欠电费 ${yuanText(doc.totalFen)} 元，其中电费 ${yuanText(doc.principalFen)} 元、电费违约金 ${yuanText(doc.lateFeeFen)} 元（计至 ${doc.issuedOn}，缴费当日按实计算），明细如下：`,
    10.5,
    { indent: 21 },
  );
  w.gap(4);
  const cols = [
    { title: '账期', width: 70 },
    { title: '缴费期限', width: 75 },
    { title: '欠费本金（元）', width: 90, align: 'right' as const },
    { title: '违约金（元）', width: 80, align: 'right' as const },
    { title: '违约金计算（天数 × 日费率 × 欠费额）', width: W - 2 * M - 315 },
  ];
  w.row(
    cols.map((c) => ({ text: c.title, width: c.width, align: c.align })),
    8.5,
    GREY,
  );
  for (const b of doc.bills) {
    const lines = b.lateFeeLines.length ? b.lateFeeLines : ['—'];
    lines.forEach((l, i) =>
      w.row(
        [
          { text: i === 0 ? b.cycle : '', width: cols[0].width },
          { text: i === 0 ? b.dueDate : '', width: cols[1].width },
          { text: i === 0 ? yuanText(b.principalOwedFen) : '', width: cols[2].width, align: 'right' },
          { text: i === 0 ? yuanText(b.lateFeeFen) : '', width: cols[3].width, align: 'right' },
          { text: l, width: cols[4].width },
        ],
        8.5,
      ),
    );
  }
  w.row(
    [
      { text: '合计', width: cols[0].width + cols[1].width },
      { text: yuanText(doc.principalFen), width: cols[2].width, align: 'right' },
      { text: yuanText(doc.lateFeeFen), width: cols[3].width, align: 'right' },
      { text: `应缴合计 ${yuanText(doc.totalFen)} 元`, width: cols[4].width },
    ],
    9,
  );
  w.gap(8);
  if (stopFrom)
    w.para(
      `请您于 ${noticePayBy(stopFrom)}（含）前缴清全部欠费及违约金。逾期仍未缴清的，本公司将依法自 ${stopFrom} 起对您停止供电。缴清欠费后，本公司将按承诺时限恢复供电。`,
      10.5,
      { indent: 21 },
    );
  else
    w.para(
      `请您自本通知书送达之日起 ${doc.noticeDays} 日内缴清全部欠费及违约金（如今日送达，停电日为 ${noticeStopFrom(doc.issuedOn, doc.noticeDays)}）。逾期仍未缴清的，本公司将依法自送达之日起第 ${doc.noticeDays} 日起对您停止供电。缴清欠费后，本公司将按承诺时限恢复供电。`,
      10.5,
      { indent: 21 },
    );
  w.gap(6);
  w.para('缴费方式：', 10.5);
  doc.payWays.forEach((p, i) => w.para(`${i + 1}. ${p}`, 10, { indent: 21 }));
  w.para(`咨询电话：${doc.hotline}`, 10, { indent: 21 });
  w.gap(6);
  w.para('依据：', 10.5);
  doc.legalBasis.forEach((p, i) => w.para(`${i + 1}. ${p}`, 9, { indent: 21, color: GREY }));
  w.gap(10);
  w.para(`${doc.companyName}${doc.unitName ? ` ${doc.unitName}` : ''}    ${doc.issuedOn}`, 10.5, { align: 'right' });
  w.gap(10);
  w.rule();
  w.para('送达回证', 12, { align: 'center' });
  if (step.status === 'done' && step.servedOn) {
    w.para(`送达方式：${METHOD[step.method ?? ''] ?? step.method ?? '—'}`, 10);
    w.para(`送达时间：${step.servedAt ? fmtInstant(step.servedAt) : `${step.servedOn}（时刻未记录）`}`, 10);
    w.para(`受送达人（签收人）：${step.servedTo ?? '—'}`, 10);
    w.para(`停电日：${step.stopFrom ?? '—'}（送达之日起第 ${doc.noticeDays} 日）`, 10);
  } else {
    w.para('送达方式：□ 直接送达  □ 挂号信邮寄  □ 现场张贴（留置）', 10);
    w.para('送达时间：______年____月____日____时____分', 10);
    w.para('受送达人（签收人）：______________    送达人：______________', 10);
  }
}

/** The notice's PDF (a notice in the caller's org scope, or 404). */
export async function noticePdf(db: Db, p: Principal, id: number): Promise<{ file: Buffer; name: string }> {
  const { doc, step } = await noticeForPrint(db, p, id);
  const s = await openSheet({ title: `停电通知书 ${doc.noticeNo}` });
  drawNotice(s, doc, step);
  return { file: s.end()!, name: `notice-${doc.noticeNo}.pdf` };
}
