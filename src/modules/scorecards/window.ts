/**
 * The window standardisation figure (营业窗口规范化): points scored over points possible in the
 * inspections of the period, per org path. Inspections come with the supervision checklists
 * (docs/scorecards.md "Supervision"); until one is recorded the indicator says 'no_inspections'.
 */
import type { Queryable } from '../../db/pool.js';

export async function windowByPath(_q: Queryable, _from: Date, _to: Date): Promise<{ orgPath: string; num: number; den: number }[]> {
  return [];
}

export async function windowRecords(_q: Queryable, _orgPath: string, _from: Date, _to: Date, _page: { limit: number; offset: number }) {
  return { total: 0, items: [] as { id: number; ref: string; at: string; inNumerator: boolean; state: string }[] };
}
