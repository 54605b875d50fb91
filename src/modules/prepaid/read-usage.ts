/**
 * The daily pass's first step for accounts charged from meter reads (docs/prepaid.md, "Charges from
 * meter reads"): `usageFromReadsIn(tx, day, runId)` takes every kWh index read of a `meter_reads`
 * account read on or before `day` (local) and not yet taken, through billing's published view
 * `prepaid_kwh_reads`, works out its kWh (read-charge-rules.ts `chargesFromReads`, billing's reading
 * rule), records each read in `prepaid_read_charges` (its key is the reading's: taken once) and writes
 * the sum as the account's kWh of `day` in `prepaid_usage` (source `meter_reads`), which the pass then
 * prices like a daily total. An account that already has a kWh for `day` waits for the next day's pass.
 */
import type { Tx } from '../../db/pool.js';
import { billingSettings, policyOn, validateReading } from '../billing/index.js';
import { metersById } from '../customers/index.js';
import { chargesFromReads, type KwhRead, type PrevRead, type ReadCharge } from './read-charge-rules.js';

export async function usageFromReadsIn(tx: Tx, day: string, runId: number): Promise<{ taken: number; accounts: number; waiting: number }> {
  const { rows } = await tx.query(
    `SELECT a.account_id, r.meter_id, r.read_at, r.value::text AS value, r.meter_changed, r.held
       FROM prepaid_accounts a
       JOIN prepaid_kwh_reads r ON r.account_id = a.account_id
      WHERE a.usage_source = 'meter_reads'
        AND r.read_at < (($1::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
        AND r.read_at > coalesce((SELECT max(c.read_at) FROM prepaid_read_charges c WHERE c.account_id = a.account_id AND c.meter_id = r.meter_id), a.enrolled_at)
        AND NOT EXISTS (SELECT 1 FROM prepaid_usage u WHERE u.account_id = a.account_id AND u.day = $1::date)
      ORDER BY a.account_id, r.meter_id, r.read_at`,
    [day],
  );
  if (!rows.length) return { taken: 0, accounts: 0, waiting: 0 };
  // the read before the first new read of each meter (taken before, or the last one before enrolment)
  const first = new Map<string, { accountId: number; meterId: number; at: Date }>();
  for (const r of rows) {
    const k = `${r.account_id}:${r.meter_id}`;
    if (!first.has(k)) first.set(k, { accountId: Number(r.account_id), meterId: Number(r.meter_id), at: r.read_at });
  }
  const f = [...first.values()];
  const prevRows = (
    await tx.query(
      `SELECT x.account_id, x.meter_id, p.read_at, p.value::text AS value
         FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[]) AS x(account_id, meter_id, first_at)
         CROSS JOIN LATERAL (SELECT r.read_at, r.value FROM prepaid_kwh_reads r
                              WHERE r.account_id = x.account_id AND r.meter_id = x.meter_id AND r.read_at < x.first_at ORDER BY r.read_at DESC LIMIT 1) p`,
      [f.map((x) => x.accountId), f.map((x) => x.meterId), f.map((x) => x.at)],
    )
  ).rows;
  const prev = new Map<number, Map<number, PrevRead>>();
  for (const p of prevRows) {
    const m = prev.get(Number(p.account_id)) ?? new Map<number, PrevRead>();
    m.set(Number(p.meter_id), { readAt: p.read_at, value: p.value });
    prev.set(Number(p.account_id), m);
  }
  const meters = await metersById(tx, [...new Set(f.map((x) => x.meterId))]);
  const multipliers = new Map(meters.map((m) => [m.meterId, m.multiplier]));
  const settings = await billingSettings(tx);
  const policy = await policyOn(tx, day);
  const advance = (r: Parameters<typeof validateReading>[0]) => validateReading(r, policy.reading);

  const byAccount = new Map<number, KwhRead[]>();
  for (const r of rows) {
    const id = Number(r.account_id);
    const list = byAccount.get(id) ?? [];
    list.push({ meterId: Number(r.meter_id), readAt: r.read_at, value: r.value, meterChanged: r.meter_changed, held: r.held });
    byAccount.set(id, list);
  }
  const taken: (ReadCharge & { accountId: number })[] = [];
  const usage: { accountId: number; kwh: string }[] = [];
  let waiting = 0;
  for (const [accountId, reads] of byAccount) {
    const res = chargesFromReads(reads, prev.get(accountId) ?? new Map(), multipliers, settings.registerDigits, advance);
    waiting += res.waiting;
    for (const t of res.taken) taken.push({ ...t, accountId });
    if (res.taken.some((t) => t.outcome === 'charged')) usage.push({ accountId, kwh: res.kwh });
  }
  if (taken.length)
    await tx.query(
      `INSERT INTO prepaid_read_charges (account_id, meter_id, read_at, prev_read_at, prev_value, value, multiplier, kwh, outcome, day, run_id)
       SELECT a, m, t, pt, pv, v, mu, k, o, $10::date, $11 FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[], $4::timestamptz[], $5::numeric[], $6::numeric[], $7::numeric[], $8::numeric[], $9::text[])
         AS x(a, m, t, pt, pv, v, mu, k, o)`,
      [
        taken.map((t) => t.accountId),
        taken.map((t) => t.meterId),
        taken.map((t) => t.readAt),
        taken.map((t) => t.prevReadAt),
        taken.map((t) => t.prevValue),
        taken.map((t) => t.value),
        taken.map((t) => t.multiplier),
        taken.map((t) => t.kwh),
        taken.map((t) => t.outcome),
        day,
        runId,
      ],
    );
  if (usage.length)
    await tx.query(
      `INSERT INTO prepaid_usage (account_id, day, kwh, source) SELECT a, $3::date, k, 'meter_reads' FROM unnest($1::bigint[], $2::numeric[]) AS x(a, k)`,
      [usage.map((u) => u.accountId), usage.map((u) => u.kwh), day],
    );
  return { taken: taken.length, accounts: usage.length, waiting };
}
