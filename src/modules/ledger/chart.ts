/** Chart of accounts (会计科目): the group's levels 1–3, a unit's own levels 4–6 below them. */
import { withTx, type Db } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badField, DomainError } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { checkNewAccount } from './rules.js';
import type { Account, AccountCreate, Chart } from './schemas.js';
import { accountsFor, codeRule, postingRules, toAccount, visibleUnit } from './store.js';

export async function getChart(db: Db, p: Principal, orgUnitId: number | undefined): Promise<Chart> {
  if (orgUnitId !== undefined) await visibleUnit(db, p, orgUnitId);
  return { codeRule: await codeRule(db), accounts: await accountsFor(db, orgUnitId ?? null), postingRules: await postingRules(db) };
}

/**
 * Adds an account. A group account (no orgUnitId) only at levels 1..groupLevels; a unit's account
 * only below them, under a parent that exists for that unit (a group account or the unit's own).
 * Category and normal side are inherited from the parent.
 */
export async function createAccount(db: Db, p: Principal, body: AccountCreate): Promise<Account> {
  const rule = await codeRule(db);
  const byUnit = body.orgUnitId !== undefined;
  if (byUnit) await visibleUnit(db, p, body.orgUnitId!);
  const { level, parentCode } = checkNewAccount(body.code, byUnit, rule);
  return withTx(db, async (tx) => {
    let parent: Record<string, any> | undefined;
    if (parentCode !== null) {
      parent = (
        await tx.query('SELECT * FROM ledger_accounts WHERE code = $1 AND (org_unit_id IS NULL OR org_unit_id = $2)', [parentCode, body.orgUnitId ?? null])
      ).rows[0];
      if (!parent) throw badField('code', 'parent', `上级科目 ${parentCode} 不存在`, `parent account ${parentCode} does not exist`);
    } else {
      throw badField(
        'code',
        'group_level',
        '一级科目按会计准则统一设置，请在迁移中维护',
        'level 1 accounts follow the accounting standards and are kept in the migrations',
      );
    }
    const dup = await tx.query('SELECT 1 FROM ledger_accounts WHERE code = $1 AND (org_unit_id IS NULL OR org_unit_id = $2 OR $2::bigint IS NULL)', [
      body.code,
      body.orgUnitId ?? null,
    ]);
    if (dup.rowCount)
      throw new DomainError('conflict', 'DUPLICATE', `科目编码 ${body.code} 已存在`, `account code ${body.code} already exists`, [
        { field: 'code', rule: 'unique', message: '编码已存在', messageEn: 'code already exists' },
      ]);
    const { rows } = await tx.query(
      `INSERT INTO ledger_accounts (code, name, name_en, level, parent_id, category, normal_side, org_unit_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [body.code, body.name, body.nameEn ?? null, level, parent.id, parent.category, parent.normal_side, body.orgUnitId ?? null],
    );
    const account = toAccount(rows[0]);
    await recordAudit(tx, actorOf(p), {
      action: 'ledger.account_create',
      entity: 'ledger_account',
      entityId: account.id,
      orgUnitId: body.orgUnitId ?? null,
      after: account,
    });
    return account;
  });
}
