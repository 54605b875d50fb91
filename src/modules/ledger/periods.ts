/** Accounting periods per unit: open until closed; posting into a closed period is refused (posting.ts). */
import { withTx, type Db } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import type { PeriodRow } from './schemas.js';
import { visibleUnit } from './store.js';

const toPeriod = (r: Record<string, any>): PeriodRow => ({
  orgUnitId: Number(r.org_unit_id),
  period: r.period,
  status: r.status,
  closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
  entries: Number(r.entries ?? 0),
});

export async function listPeriods(db: Db, p: Principal, orgUnitId: number): Promise<PeriodRow[]> {
  await visibleUnit(db, p, orgUnitId);
  const { rows } = await db.query(
    `SELECT p.*, (SELECT count(*) FROM ledger_entries e WHERE e.org_unit_id = p.org_unit_id AND e.period = p.period) AS entries
       FROM ledger_periods p WHERE p.org_unit_id = $1 ORDER BY p.period DESC`,
    [orgUnitId],
  );
  return rows.map(toPeriod);
}

/** Closes a unit's period (结账). Waits for postings in flight (they hold the period row shared). */
export async function closePeriod(db: Db, p: Principal, orgUnitId: number, period: number): Promise<PeriodRow> {
  await visibleUnit(db, p, orgUnitId);
  return withTx(db, async (tx) => {
    await tx.query('INSERT INTO ledger_periods (org_unit_id, period) VALUES ($1, $2) ON CONFLICT DO NOTHING', [orgUnitId, period]);
    const { rows } = await tx.query('SELECT * FROM ledger_periods WHERE org_unit_id = $1 AND period = $2 FOR UPDATE', [orgUnitId, period]);
    if (rows[0].status === 'closed') throw conflict(`期间 ${period} 已结账`, `period ${period} is already closed`, { currentState: 'closed' }, 'PERIOD_CLOSED');
    const { rows: done } = await tx.query(
      `UPDATE ledger_periods SET status = 'closed', closed_at = now(), closed_by = $3 WHERE org_unit_id = $1 AND period = $2
       RETURNING *, (SELECT count(*) FROM ledger_entries e WHERE e.org_unit_id = $1 AND e.period = $2) AS entries`,
      [orgUnitId, period, p.id],
    );
    const after = toPeriod(done[0]);
    await recordAudit(tx, actorOf(p), { action: 'ledger.period_close', entity: 'ledger_period', entityId: `${orgUnitId}:${period}`, orgUnitId, after });
    return after;
  });
}
