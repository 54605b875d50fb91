/**
 * billpdf: Chinese PDF bills (docs/billing.md §13), through the services the routes and the CLI call.
 *
 * Data: N = BENCH_BILLPDF_BILLS (default 1,000) accounts seeded as in billcycle (90 % residential tiers,
 * 10 % 10 kV two-part TOU with basic charge, funds and power factor adjustment), one bill run rated and
 * released, so every bill has its stored lines, reads and due date; customer names and addresses drawn
 * from common Chinese characters so that they differ per bill (varyNames).
 *
 * Figures (one process, one core for the rendering; PostgreSQL is the embedded server):
 * - single_ms_p50 / single_ms_p95: one bill as its own PDF (billPdf: the database read, the scope check,
 *   draw, the font subset embedded), BENCH_BILLPDF_SINGLE (300) bills one after another;
 *   pdf_per_s = those bills ÷ their wall time (goal ≥ 200); pdf_kb = their average size (goal ≤ 60);
 *   cpu_ms_per_pdf = this process's CPU time (user + system) ÷ those bills: steadier than wall time on a
 *   shared machine (the database server's CPU is not in it).
 * - print_pages_per_s, print_bills_per_s: the run's print file (every bill in one PDF, runPrintFile) streamed
 *   into a byte counter; print_bytes_per_bill = its size ÷ bills (one font subset shared by all bills).
 * - ratio = pdf_per_s ÷ plain_pdf_per_s, where plain_pdf_per_s is the rate of rendering a plain one-page PDF
 *   in the same run and process: pdfkit's built-in Helvetica (no embedded font), the same page size and the
 *   same number of text lines as an average bill, no database. The denominator is the cost of a PDF page
 *   itself; the ratio is the share of that speed a real Chinese bill keeps.
 */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import PDFDocument from 'pdfkit';
import { billPdf, releaseRun, reviewRun, runPrintFile, startRun, workPendingChunks } from '../src/modules/billing/index.js';
import type { Principal } from '../src/modules/identity/index.js';
import { seedData } from './billcycle.js';
import { benchDatabase } from './support/database.js';
import { resultLine, round, summarize } from './support/percentiles.js';

const principal: Principal = {
  kind: 'user',
  id: 1,
  name: 'bench',
  role: 'billing_clerk',
  scopes: [],
  orgUnitId: 1,
  orgPath: '/1/',
  customerId: null,
  csrfToken: null,
  ip: null,
  userAgent: null,
};

/** Common surnames and given-name / street-name characters (GB2312 level 1), for names and addresses that differ per bill. */
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂文华红志建国德春海玉宝林荣利辉福山水和兴光天家庆成安长永生云凤梅飞鹏宇浩然子涵欣怡梓轩雨萱博文思远晨阳嘉懿俊熙佳琪晓峰婷婷慧敏振东立新秋月冬雪竹松柏青翠微晴朗瑞祥';
const STREETS = '人民解放建设胜利和平中山新华光明幸福团结友谊青年文化花园朝阳东风红旗工农育才迎宾滨江沿河望湖桃李杏梧桐槐柳银杏枫林';

/**
 * Names and addresses that differ per account (billcycle's seed names every customer '客户N' on '基准路N号'):
 * a surname and one or two given-name characters, a street of two characters, so each bill carries some
 * glyphs of its own (deterministic: the same data every run).
 */
async function varyNames(db: pg.Pool, n: number): Promise<void> {
  const pick = (s: string, k: number) => [...s][k % [...s].length];
  const names: string[] = [];
  const streets: string[] = [];
  for (let g = 1; g <= n; g++) {
    const h = Math.imul(g, 2654435761) >>> 0;
    names.push(pick(SURNAMES, h) + pick(GIVEN, h >>> 8) + (g % 3 ? pick(GIVEN, h >>> 16) : ''));
    streets.push(`基准县${pick(STREETS, h >>> 4)}${pick(STREETS, h >>> 12)}路${g}号`);
  }
  const ids = Array.from({ length: n }, (_, k) => k + 1);
  await db.query(`UPDATE customers c SET name = v.name FROM unnest($1::bigint[], $2::text[]) AS v(id, name) WHERE c.id = v.id`, [ids, names]);
  await db.query(`UPDATE service_points sp SET address = v.address FROM unnest($1::bigint[], $2::text[]) AS v(id, address) WHERE sp.id = v.id`, [ids, streets]);
}

/** A plain one-page PDF: Helvetica (not embedded), `lines` lines of text. */
function plainPdf(lines: number): Promise<number> {
  const doc = new PDFDocument({ size: 'A4', margin: 40 });
  let bytes = 0;
  doc.on('data', (c: Buffer) => (bytes += c.length));
  const done = new Promise<number>((resolve) => doc.on('end', () => resolve(bytes)));
  doc.fontSize(14).text('Electricity bill', { align: 'center' });
  for (let i = 0; i < lines; i++) doc.fontSize(9).text(`Line ${i}: energy charge tier 1 peak 123.45 kWh x 0.5680 = 70.12 ZJ-RES-2024`);
  doc.end();
  return done;
}

export async function run(): Promise<Record<string, number>> {
  const n = Number(process.env.BENCH_BILLPDF_BILLS ?? 1000);
  const singles = Number(process.env.BENCH_BILLPDF_SINGLE ?? 300);
  const b = await benchDatabase('billpdf', { poolSize: 4 });
  try {
    console.log(`[billpdf] ${b.where}; ${n} accounts (90 % residential, 10 % 10 kV two-part TOU), one released run`);
    await seedData(b.db as unknown as pg.Pool, n);
    await varyNames(b.db as unknown as pg.Pool, n);
    const started = await startRun(b.db, principal, { cycle: '2026-11', orgCode: 'B', chunkAccounts: 500 });
    await workPendingChunks(b.db, 'bench', started.id);
    await reviewRun(b.db, principal, started.id);
    await releaseRun(b.db, principal, started.id);
    const ids = (await b.db.query(`SELECT id FROM bills WHERE run_id = $1 ORDER BY account_id`, [started.id])).rows.map((r) => Number(r.id));
    const lineCount = Number(
      (await b.db.query(`SELECT count(*) FROM bill_lines l JOIN bills b ON b.id = l.bill_id WHERE b.run_id = $1`, [started.id])).rows[0].count,
    );
    console.log(`[billpdf] run ${started.id}: ${ids.length} bills, ${lineCount} lines`);

    // warm-up: the font is read and parsed once per process
    for (const id of ids.slice(0, 5)) await billPdf(b.db, principal, id);

    // one bill per PDF, one after another; every 10th account is two-part (more lines), spread evenly
    const ms: number[] = [];
    let bytes = 0;
    const step = Math.max(1, Math.floor(ids.length / singles));
    const sample = ids.filter((_, i) => i % step === 0).slice(0, singles);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (const id of sample) {
      const s = performance.now();
      const { file } = await billPdf(b.db, principal, id);
      ms.push(performance.now() - s);
      bytes += file.length;
    }
    const singleSeconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(c0);
    const cpuMsPerBill = (cpu.user + cpu.system) / 1000 / sample.length;
    const single = summarize(ms);
    const pdfPerS = sample.length / singleSeconds;
    console.log(
      `[billpdf] single bills: ${sample.length} in ${round(singleSeconds, 2)} s → ${round(pdfPerS, 1)}/s, ${round(cpuMsPerBill, 1)} ms CPU each; p50 ${round(single.p50, 1)} ms, p95 ${round(single.p95, 1)} ms; ${round(bytes / sample.length / 1024, 1)} KB each`,
    );

    // the plain-page limit, same process: as many text lines as an average bill draws (header, fields, reads, lines, notices)
    const avgLines = Math.round(12 + (lineCount / ids.length) * 1.2 + 6);
    for (let i = 0; i < 20; i++) await plainPdf(avgLines);
    const p0 = performance.now();
    let plainN = 0;
    while (performance.now() - p0 < 3000) {
      await plainPdf(avgLines);
      plainN++;
    }
    const plainPerS = plainN / ((performance.now() - p0) / 1000);
    console.log(`[billpdf] plain one-page PDF (Helvetica, not embedded, ${avgLines} text lines): ${round(plainPerS)}/s`);

    // the run's print file
    let printBytes = 0;
    const f0 = performance.now();
    const pf = await runPrintFile(b.db, principal, started.id);
    await pipeline(
      pf.stream,
      new Writable({
        write(chunk: Buffer, _e, cb) {
          printBytes += chunk.length;
          cb();
        },
      }),
    );
    const printed = await pf.done;
    const printSeconds = (performance.now() - f0) / 1000;
    console.log(
      `[billpdf] print file: ${printed.bills} bills, ${printed.pages} pages, ${round(printBytes / 1024 / 1024, 2)} MB in ${round(printSeconds, 2)} s → ${round(printed.pages / printSeconds)} pages/s`,
    );
    const result = {
      pdf_per_s: round(pdfPerS, 1),
      single_ms_p50: round(single.p50, 1),
      single_ms_p95: round(single.p95, 1),
      pdf_kb: round(bytes / sample.length / 1024, 1),
      cpu_ms_per_pdf: round(cpuMsPerBill, 1),
      plain_pdf_per_s: round(plainPerS),
      ratio: round(pdfPerS / plainPerS, 3),
      print_bills: printed.bills,
      print_pages: printed.pages,
      print_pages_per_s: round(printed.pages / printSeconds),
      print_bills_per_s: round(printed.bills / printSeconds),
      print_bytes_per_bill: Math.round(printBytes / printed.bills),
      rss_mb: round(process.resourceUsage().maxRSS / 1024),
    };
    console.log(resultLine('billpdf', result));
    return result;
  } finally {
    await b.close();
  }
}
