/** The analytics policy (KPI thresholds, staffing targets): one row, defaults until an admin changes it. */
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { actorOf, type Principal } from '../identity/index.js';
import { DEFAULT_KPI_POLICY } from './kpi-rules.js';
import type { AnalyticsSettings } from './schemas.js';

export const DEFAULT_SETTINGS: AnalyticsSettings = {
  kpi: DEFAULT_KPI_POLICY,
  // the targets of the published Erlang C check (docs/analytics.md): 80 % in 20 s, occupancy ≤ 85 %, shrinkage 30 %
  staffing: { targetS: 20, targetSl: 0.8, maxOccupancy: 0.85, shrinkage: 0.3, forecastWeeks: 4, defaultAhtS: 180 },
};

export async function getSettings(db: Queryable): Promise<AnalyticsSettings> {
  const { rows } = await db.query('SELECT policy FROM qa_settings WHERE id = 1');
  if (!rows[0]) return DEFAULT_SETTINGS;
  const stored = rows[0].policy as Partial<AnalyticsSettings>;
  return { kpi: { ...DEFAULT_SETTINGS.kpi, ...stored.kpi }, staffing: { ...DEFAULT_SETTINGS.staffing, ...stored.staffing } };
}

export async function updateSettings(db: Db, p: Principal, next: AnalyticsSettings): Promise<AnalyticsSettings> {
  return withTx(db, async (tx) => {
    const before = await getSettings(tx);
    await tx.query(
      `INSERT INTO qa_settings (id, policy, updated_at) VALUES (1, $1, now()) ON CONFLICT (id) DO UPDATE SET policy = EXCLUDED.policy, updated_at = now()`,
      [JSON.stringify(next)],
    );
    await recordAudit(tx, actorOf(p), {
      action: 'analytics.settings_update',
      entity: 'analytics_settings',
      entityId: 1,
      orgUnitId: p.orgUnitId,
      before,
      after: next,
    });
    return next;
  });
}
