/**
 * Excel (exceljs) and PDF (platform/pdf, Chinese font) exports of a scorecard run: the ranking
 * with each indicator's value and points, and the definitions and scheme used. Numbers are the
 * stored decimal texts (no float on the way): values to 4 decimals, points to 2.
 */
import { excelJs } from '../../platform/excel/index.js';
import type { Queryable } from '../../db/pool.js';
import { renderPdf, table } from '../../platform/pdf/index.js';
import type { Principal } from '../identity/index.js';
import { INDICATOR_DEFS } from './indicators.js';
import { getRun } from './runs.js';
import type { Run } from './schemas.js';

type Lang = 'zh-CN' | 'en';

const L = {
  'zh-CN': {
    title: '同业对标评分表',
    rank: '排名',
    unit: '单位',
    score: '得分（百分制）',
    points: '得分',
    max: '可得分',
    value: '值',
    missing: '缺数据',
    defs: '指标定义',
    indicator: '指标',
    num: '分子',
    den: '分母',
    weight: '权重',
    scheme: '评分方案',
    period: '期间',
    computed: '计算时间',
  },
  en: {
    title: 'Benchmarking scorecard',
    rank: 'Rank',
    unit: 'Unit',
    score: 'Score (of 100)',
    points: 'Points',
    max: 'Possible',
    value: 'Value',
    missing: 'no data',
    defs: 'Indicator definitions',
    indicator: 'Indicator',
    num: 'Numerator',
    den: 'Denominator',
    weight: 'Weight',
    scheme: 'Scheme',
    period: 'Period',
    computed: 'Computed',
  },
} as const;

const name = (r: Run['results'][number], lang: Lang) => (lang === 'en' ? (r.nameEn ?? r.name) : r.name);
const iname = (k: keyof typeof INDICATOR_DEFS, lang: Lang) => (lang === 'en' ? INDICATOR_DEFS[k].en : INDICATOR_DEFS[k].zh);

export async function runXlsx(q: Queryable, p: Principal, id: number, lang: Lang = 'zh-CN'): Promise<{ file: Buffer; name: string }> {
  const run = await getRun(q, p, id);
  const t = L[lang];
  const wb = new (await excelJs()).Workbook();
  wb.creator = 'griddesk';
  const ws = wb.addWorksheet(t.title);
  ws.addRow([
    `${t.title} — ${run.rootName}`,
    `${t.period} ${run.period}`,
    `${t.scheme} ${run.scheme.code} v${run.scheme.version}`,
    `${t.computed} ${run.computedAt}`,
  ]);
  const inds = run.results[0]?.lines.map((l) => l.indicator) ?? [];
  ws.addRow([t.rank, t.unit, t.score, t.points, t.max, ...inds.flatMap((k) => [`${iname(k, lang)} ${t.value}`, `${iname(k, lang)} ${t.points}`])]).font = {
    bold: true,
  };
  for (const r of run.results)
    ws.addRow([
      r.rank,
      name(r, lang),
      r.score,
      r.points,
      r.maxPoints,
      ...r.lines.flatMap((l) => (l.status === 'missing' ? [`${t.missing}: ${l.missing}`, null] : [l.value, l.points])),
    ]);
  ws.getColumn(2).width = 20;
  const d = wb.addWorksheet(t.defs);
  d.addRow([t.indicator, t.num, t.den, t.weight]).font = { bold: true };
  for (const l of run.results[0]?.lines ?? []) {
    const def = INDICATOR_DEFS[l.indicator];
    d.addRow([
      iname(l.indicator, lang),
      lang === 'en' ? def.numerator.en : def.numerator.zh,
      lang === 'en' ? def.denominator.en : def.denominator.zh,
      l.weight,
    ]);
  }
  d.getColumn(1).width = 28;
  d.getColumn(2).width = 50;
  d.getColumn(3).width = 60;
  return { file: Buffer.from(await wb.xlsx.writeBuffer()), name: `scorecard-${run.period}-${run.level}-${run.id}.xlsx` };
}

export async function runPdf(q: Queryable, p: Principal, id: number, lang: Lang = 'zh-CN'): Promise<{ file: Buffer; name: string }> {
  const run = await getRun(q, p, id);
  const t = L[lang];
  const file = await renderPdf({ title: `${t.title} ${run.period}`, layout: 'landscape', margin: 36 }, (doc) => {
    doc.fontSize(14).text(`${t.title} — ${run.rootName}`);
    doc.fontSize(9).text(`${t.period} ${run.period} · ${t.scheme} ${run.scheme.code} v${run.scheme.version} · ${t.computed} ${run.computedAt}`);
    doc.moveDown(0.5);
    table(
      doc,
      [
        { title: t.rank, width: 40, align: 'right' },
        { title: t.unit, width: 140 },
        { title: t.score, width: 80, align: 'right' },
        { title: t.points, width: 60, align: 'right' },
        { title: t.max, width: 60, align: 'right' },
      ],
      run.results.map((r) => [r.rank === null ? '—' : String(r.rank), name(r, lang), r.score ?? '—', r.points, r.maxPoints]),
    );
    for (const r of run.results) {
      doc.moveDown(0.3);
      doc.fontSize(11).text(`${name(r, lang)}  ${r.score ?? '—'}`);
      table(
        doc,
        [
          { title: t.indicator, width: 200 },
          { title: t.num, width: 110, align: 'right' },
          { title: t.den, width: 110, align: 'right' },
          { title: t.value, width: 90, align: 'right' },
          { title: t.points, width: 70, align: 'right' },
          { title: t.weight, width: 60, align: 'right' },
        ],
        r.lines.map((l) => [
          iname(l.indicator, lang),
          l.numerator,
          l.denominator,
          l.status === 'missing' ? `${t.missing}` : (l.value ?? ''),
          l.points ?? '—',
          l.weight,
        ]),
      );
    }
  });
  return { file, name: `scorecard-${run.period}-${run.level}-${run.id}.pdf` };
}
