/**
 * The service-desk settings an administrator reads and changes (GET/PUT /api/workorders/settings):
 * a partial change is merged into the stored row, checked as a whole (desk-settings-rules.ts),
 * written with its before/after in the audit log, and the per-pool settings cache is dropped.
 */
import { withTx, type Db } from '../../../db/pool.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { DomainError } from '../../../platform/errors.js';
import { actorOf, type Principal } from '../../identity/index.js';
import { CHANNELS } from '../orders/catalog.js';
import { checkDeskSettings, type DeskSettings } from './desk-settings-rules.js';
import type { DeskSettingsChange } from '../schemas.js';
import { ESCALATION_LEVELS } from '../notify/escalation.js';
import { forgetSettings } from './settings.js';
import type { Queryable } from '../../../db/pool.js';

function rowToSettings(r: Record<string, unknown>): DeskSettings {
  return {
    duplicateWindowHours: r.duplicate_window_hours as number,
    reopenWindowDays: r.reopen_window_days as number,
    callbackSamplePercent: r.callback_sample_percent as number,
    maxBackdateMinutes: r.max_backdate_minutes as Record<string, number>,
    escalationMinutes: r.escalation_minutes as number[],
  };
}

export async function readDeskSettings(db: Queryable): Promise<DeskSettings> {
  const { rows } = await db.query('SELECT * FROM workorder_settings WHERE id = 1');
  return rowToSettings(rows[0]);
}

export async function updateDeskSettings(db: Db, p: Principal, patch: DeskSettingsChange): Promise<DeskSettings> {
  const channels = Object.keys(CHANNELS);
  const staffEntered = channels.filter((c) => CHANNELS[c as keyof typeof CHANNELS].staffEntered);
  const next = await withTx(db, async (tx) => {
    const { rows } = await tx.query('SELECT * FROM workorder_settings WHERE id = 1 FOR UPDATE');
    const before = rowToSettings(rows[0]);
    const after: DeskSettings = { ...before, ...patch, maxBackdateMinutes: { ...before.maxBackdateMinutes, ...(patch.maxBackdateMinutes ?? {}) } };
    const issues = checkDeskSettings(after, channels, staffEntered, ESCALATION_LEVELS);
    if (issues.length > 0) {
      throw new DomainError(
        'invalid',
        'VALIDATION',
        '设置不符合规则',
        'The settings break a rule',
        issues.map((i) => ({ field: `body.${i.field}`, rule: i.rule, message: i.zh, messageEn: i.en })), // the rules name the setting; it came in the body
      );
    }
    await tx.query(
      `UPDATE workorder_settings SET duplicate_window_hours = $1, reopen_window_days = $2, callback_sample_percent = $3,
              max_backdate_minutes = $4::jsonb, escalation_minutes = $5::jsonb WHERE id = 1`,
      [
        after.duplicateWindowHours,
        after.reopenWindowDays,
        after.callbackSamplePercent,
        JSON.stringify(after.maxBackdateMinutes),
        JSON.stringify(after.escalationMinutes),
      ],
    );
    await recordAudit(tx, actorOf(p), { action: 'workorder.settings_update', entity: 'workorder_settings', entityId: 1, before, after });
    return after;
  });
  forgetSettings(db);
  return next;
}
