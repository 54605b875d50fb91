/**
 * Billing settings (docs/billing.md §17): one row of `billing_settings` — the province billed, register
 * digits, accounts per chunk, the payment term, the hotline and late-fee notice printed on bills, the
 * e-bill link and the pay link of the QR code. Read by billing.read, changed by the billing administrator
 * (tariffs.admin), validated (each field named) and audited with before and after.
 */
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badField } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import type { BillingSettingsInput, BillingSettingsRecord } from './schemas.js';

const COLUMNS = `province, register_digits, chunk_accounts, payment_days, hotline, late_fee_notice_zh, late_fee_notice_en, ebill_link, pay_link, interim_auto_issue,
  to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS updated_at`;

export async function getBillingSettings(db: Queryable): Promise<BillingSettingsRecord> {
  // in turn: `db` may be a transaction's client, which runs one query at a time (pg deprecates concurrent ones)
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM billing_settings WHERE id = 1`);
  const provinces = await tariffProvinces(db);
  const r = rows[0];
  return {
    province: r.province,
    registerDigits: r.register_digits,
    chunkAccounts: r.chunk_accounts,
    paymentDays: r.payment_days,
    hotline: r.hotline,
    lateFeeNoticeZh: r.late_fee_notice_zh,
    lateFeeNoticeEn: r.late_fee_notice_en,
    ebillLink: r.ebill_link,
    payLink: r.pay_link,
    interimAutoIssue: r.interim_auto_issue,
    provinces,
    updatedAt: r.updated_at,
  };
}

async function tariffProvinces(db: Queryable): Promise<string[]> {
  return (await db.query(`SELECT DISTINCT t.province FROM tariffs t JOIN tariff_versions v ON v.tariff_id = t.id ORDER BY 1`)).rows.map((r) => r.province);
}

/** Checks what the schema cannot say: the placeholders of the links, a province that has tariffs. */
function check(next: BillingSettingsInput, provinces: string[]): void {
  if (!provinces.includes(next.province))
    throw badField(
      'province',
      'no_tariffs',
      `省份 ${next.province} 没有电价版本（可选：${provinces.join('、')}）`,
      `province ${next.province} has no tariff versions (choices: ${provinces.join(', ')})`,
    );
  if (next.ebillLink !== null && !next.ebillLink.includes('{billId}'))
    throw badField('ebillLink', 'placeholder', '电子账单链接须含 {billId}', 'the e-bill link must contain {billId}');
  if (next.payLink !== null && !next.payLink.includes('{payRef}'))
    throw badField('payLink', 'placeholder', '缴费链接须含 {payRef}', 'the pay link must contain {payRef}');
  if (!next.lateFeeNoticeZh.trim()) throw badField('lateFeeNoticeZh', 'blank', '违约金告知不能为空', 'the late-fee notice cannot be blank');
  if (!next.lateFeeNoticeEn.trim()) throw badField('lateFeeNoticeEn', 'blank', '违约金告知（英文）不能为空', 'the late-fee notice (English) cannot be blank');
}

export async function updateBillingSettings(db: Db, p: Principal, next: BillingSettingsInput): Promise<BillingSettingsRecord> {
  return withTx(db, async (tx) => {
    await tx.query(`SELECT 1 FROM billing_settings WHERE id = 1 FOR UPDATE`);
    const before = await getBillingSettings(tx);
    check(next, before.provinces);
    await tx.query(
      `UPDATE billing_settings SET province = $1, register_digits = $2, chunk_accounts = $3, payment_days = $4, hotline = $5,
         late_fee_notice_zh = $6, late_fee_notice_en = $7, ebill_link = $8, pay_link = $9, interim_auto_issue = coalesce($10, interim_auto_issue), updated_at = now() WHERE id = 1`,
      [
        next.province,
        next.registerDigits,
        next.chunkAccounts,
        next.paymentDays,
        next.hotline,
        next.lateFeeNoticeZh,
        next.lateFeeNoticeEn,
        next.ebillLink,
        next.payLink,
        next.interimAutoIssue ?? null,
      ],
    );
    const after = await getBillingSettings(tx);
    const { provinces: _p, updatedAt: _u, ...b } = before;
    const { provinces: _p2, updatedAt: _u2, ...a } = after;
    await recordAudit(tx, actorOf(p), {
      action: 'billing.settings_update',
      entity: 'billing_settings',
      entityId: 1,
      orgUnitId: p.orgUnitId,
      before: b,
      after: a,
    });
    return after;
  });
}

/**
 * Switches the interim bill schedule (§19) on or off, keeping every other setting: the same change, checks
 * and audit record as a PUT of the settings with only `interimAutoIssue` changed.
 */
export async function setInterimAutoIssue(db: Db, p: Principal, on: boolean): Promise<BillingSettingsRecord> {
  const { provinces: _p, updatedAt: _u, ...current } = await getBillingSettings(db);
  return updateBillingSettings(db, p, { ...current, interimAutoIssue: on });
}
