/**
 * The reading import a slice of meters at a time (docs/billing.md §9, "Slices"), on a real database: the same
 * files imported in slices of two meters — one file grouped by meter, one with its meters' rows interleaved (read
 * back through the staging table) — store the same readings and queue the same exceptions as imports in one slice;
 * a problem in the last slice refuses the whole file and nothing of the earlier slices stays.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testDb } from '../../../test/support/db.js';
import { seed } from '../../seed/seed.js';
import { DomainError } from '../../platform/errors.js';
import { importReadings } from './readings.js';

interface M {
  meter_no: string;
  customer_class: string;
}

const H = 'meter_no,register,read_at,value,flag';

/** March and April 2027 reads of the meters (rows of a meter together); April with an estimated read, a read below the last and a part month of quarter hours. */
function files(meters: M[]): { mar: string[]; apr: string[] } {
  const mar: string[] = [],
    apr: string[] = [];
  meters.forEach((m, i) => {
    const base = 5000 + i * 100;
    if (m.customer_class === 'residential') {
      mar.push(`${m.meter_no},kwh_total,2027-03-25 08:00,${base},`);
      if (i === 0) mar.push(`${m.meter_no},kwh_total,2027-03-25 08:00,${base}.0,`); // repeated in the file
      apr.push(`${m.meter_no},kwh_total,2027-04-25 08:00,${i === 2 ? base - 40 : base + 150 + i},${i === 1 ? 'E' : ''}`);
    } else {
      // shares in hundredths of the total: every value an integer, the TOU registers adding up to the total
      const regs: [string, number][] = [
        ['kwh_total', 100],
        ['kwh_peak', 30],
        ['kwh_flat', 45],
        ['kwh_valley', 25],
        ['kvarh', 50],
      ];
      for (const [r, share] of regs) {
        mar.push(`${m.meter_no},${r},2027-03-25 08:00,${(base * share) / 100},`);
        apr.push(`${m.meter_no},${r},2027-04-25 08:00,${((base + 2000) * share) / 100},`);
      }
      for (let q = 0; q < 16; q++)
        apr.push(`${m.meter_no},kwh_15min,2027-04-01 ${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')},0.5,`);
    }
  });
  return { mar, apr };
}

/** Rows of the same meters interleaved: the first row of every meter, then the second of every meter, … (not grouped by meter). */
function interleave(rows: string[]): string[] {
  const byMeter = new Map<string, string[]>();
  for (const r of rows) byMeter.set(r.split(',')[0], [...(byMeter.get(r.split(',')[0]) ?? []), r]);
  const lists = [...byMeter.values()];
  const out: string[] = [];
  for (let i = 0; lists.some((l) => l.length > i); i++) for (const l of lists) if (l[i]) out.push(l[i]);
  return out;
}

async function stored(db: Awaited<ReturnType<typeof testDb>>) {
  const readings = (
    await db.query(
      `SELECT account_id::int, register, to_char(read_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS at, mode, value::text, estimated, meter_changed
         FROM meter_readings WHERE cycle IN ('2027-03', '2027-04') ORDER BY account_id, register, read_at`,
    )
  ).rows;
  const exceptions = (
    await db.query(
      `SELECT account_id::int, code, severity, status, to_char(read_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS at
         FROM reading_exceptions WHERE cycle IN ('2027-03', '2027-04') ORDER BY account_id, code`,
    )
  ).rows;
  return { readings, exceptions };
}

test('reading import in slices: slices of two meters (grouped and interleaved files) store and queue what one slice does; a bad last slice refuses the file', async () => {
  const [one, sliced] = [await testDb(), await testDb()];
  for (const db of [one, sliced]) await seed(db, { customers: 40, seed: 7 });
  const all: M[] = (
    await one.query(
      `SELECT m.meter_no, sp.customer_class FROM meters m JOIN service_points sp ON sp.id = m.service_point_id JOIN customer_accounts a ON a.id = sp.account_id
        WHERE a.status = 'active' ORDER BY sp.account_id, m.id`,
    )
  ).rows;
  // residential meters first (the first three carry the repeated line, the estimated read and the read below the last), then C&I ones
  const meters = [...all.filter((m) => m.customer_class === 'residential').slice(0, 9), ...all.filter((m) => m.customer_class !== 'residential').slice(0, 3)];
  assert.ok(meters.length === 12 && meters[11].customer_class !== 'residential', JSON.stringify(meters));
  const { mar, apr } = files(meters);
  const small = { meters: 2, lines: 3 };

  // one slice (the whole file) against slices of two meters; April interleaved in the sliced import
  const r1 = [
    await importReadings(one, null, { fileName: 'mar.csv', text: [H, ...mar].join('\n'), source: 'api' }),
    await importReadings(one, null, { fileName: 'apr.csv', text: [H, ...apr].join('\n'), source: 'api' }),
  ];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-slices-'));
  const marFile = path.join(dir, 'mar.csv');
  fs.writeFileSync(marFile, [H, ...mar].join('\n'));
  const seenProgress: string[] = [];
  const r2 = [
    await importReadings(
      sliced,
      null,
      { fileName: 'mar.csv', path: marFile, source: 'cli' },
      (done, total, stage) => seenProgress.push(`${stage} ${done}/${total}`),
      small,
    ),
    await importReadings(sliced, null, { fileName: 'apr.csv', text: [H, ...interleave(apr)].join('\n'), source: 'api' }, undefined, small),
  ];
  fs.rmSync(dir, { recursive: true, force: true });
  const strip = (r: (typeof r1)[number]) => ({ lines: r.lines, readings: r.readings, repeated: r.repeated, exceptions: r.exceptions });
  assert.deepEqual(r2.map(strip), r1.map(strip));
  assert.equal(r2[0].checksum, r1[0].checksum); // the streamed file's checksum is the text's
  assert.equal(r1[0].repeated, 1);
  // the file's 12 meters in slices of two: progress by meters, ending at the whole
  assert.equal(seenProgress.at(-1), `meters ${meters.length}/${meters.length}`);
  assert.ok(seenProgress.filter((s) => s.startsWith('meters')).length >= meters.length / 2);
  const [a, b] = [await stored(one), await stored(sliced)];
  assert.deepEqual(b, a);
  // not a comparison of nothing: April's estimated read, read below the last and part month are queued
  for (const code of ['below_last', 'estimated', 'intervals_incomplete'])
    assert.ok(
      a.exceptions.some((e) => e.code === code),
      code,
    );
  assert.ok(a.readings.some((r) => r.mode === 'usage' && r.register === 'kwh_total'));

  // an unknown meter in the last slice: the file is refused naming its line, nothing of the earlier slices is stored
  const may = [H, ...meters.map((m, i) => `${m.meter_no},kvarh,2027-05-25 08:00,${9000 + i},`), 'NOSUCHMETER1,kvarh,2027-05-25 08:00,1,'];
  const before = (await sliced.query(`SELECT count(*)::int AS n FROM meter_readings`)).rows[0].n;
  await assert.rejects(
    importReadings(sliced, null, { fileName: 'may.csv', text: may.join('\n'), source: 'api' }, undefined, small),
    (e: unknown) => e instanceof DomainError && e.details[0].messageEn === `line ${may.length}: meter NOSUCHMETER1 is unknown`,
  );
  assert.equal((await sliced.query(`SELECT count(*)::int AS n FROM meter_readings`)).rows[0].n, before);
  assert.equal((await sliced.query(`SELECT count(*)::int AS n FROM reading_imports WHERE file_name = 'may.csv'`)).rows[0].n, 0);
  // imported twice: the second is refused as a duplicate and changes nothing
  await assert.rejects(
    importReadings(sliced, null, { fileName: 'apr-again.csv', text: [H, ...interleave(apr)].join('\n'), source: 'api' }, undefined, small),
    (e: unknown) => e instanceof DomainError && e.code === 'DUPLICATE_FILE',
  );
  assert.deepEqual(await stored(sliced), b);
});
