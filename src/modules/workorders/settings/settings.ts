/** The work-order and delivery settings rows, cached per pool for a few seconds (they change rarely). */
import type { Queryable } from '../../../db/pool.js';
import type { Territory } from '../../../platform/geo/geo.js';
import { serviceTerritory } from '../../../platform/geo/territory.js';
import { defaultQuietHours } from '../../../platform/outbox/preferences.js';
import { activeWebhookSubscriptions } from '../../../platform/outbox/webhooks.js';

export interface WorkorderSettings {
  duplicateWindowHours: number;
  reopenWindowDays: number;
  callbackSamplePercent: number;
  maxBackdateMinutes: Record<string, number>;
  escalationMinutes: number[];
  quietStart: string | null;
  quietEnd: string | null;
  webhooks: { id: number; events: string[] }[];
  /** The platform's service territory: a location given at intake must lie inside it (read through its own cache, dropped when it is saved). */
  territory: Territory | null;
}

const cache = new WeakMap<object, { at: number; value: WorkorderSettings }>();

export async function getSettings(db: Queryable, maxAgeMs = 2_000): Promise<WorkorderSettings> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < maxAgeMs) return { ...hit.value, territory: await serviceTerritory(db, maxAgeMs) };
  const [w, quiet, webhooks, territory] = await Promise.all([
    db.query('SELECT * FROM workorder_settings WHERE id = 1'),
    defaultQuietHours(db),
    activeWebhookSubscriptions(db),
    serviceTerritory(db, maxAgeMs),
  ]);
  const r = w.rows[0];
  const value: WorkorderSettings = {
    duplicateWindowHours: r.duplicate_window_hours,
    reopenWindowDays: r.reopen_window_days,
    callbackSamplePercent: r.callback_sample_percent,
    maxBackdateMinutes: r.max_backdate_minutes,
    escalationMinutes: r.escalation_minutes,
    quietStart: quiet.start,
    quietEnd: quiet.end,
    webhooks,
    territory,
  };
  cache.set(db, { at: Date.now(), value });
  return value;
}

export function forgetSettings(db: Queryable): void {
  cache.delete(db);
}
