/**
 * Planned-outage notice rules (docs/rules.md §1): customers are told at least `leadMinutes` before the
 * outage starts — 7 days for planned work; for temporary maintenance, 24 h to important customers
 * (the lead for ordinary customers on temporary maintenance is policy; UNCONFIRMED, default 0).
 * A plan inside a notice window is not refused: it needs approval and is flagged.
 */
export type PlannedKind = 'planned' | 'temporary_maintenance';
export const PLANNED_KINDS = ['planned', 'temporary_maintenance'] as const satisfies readonly PlannedKind[];

/** The states of a plan; in force (customers are out or about to be): approved or in progress; still to come adds pending approval. */
export const PLAN_STATUSES = ['pending_approval', 'approved', 'in_progress', 'completed', 'cancelled'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const PLANS_IN_FORCE = ['approved', 'in_progress'] as const satisfies readonly PlanStatus[];
export const PLANS_NOT_DONE = ['approved', 'in_progress', 'pending_approval'] as const satisfies readonly PlanStatus[];

export interface NoticePolicy {
  leadMinutes: Record<PlannedKind, { important: number; ordinary: number }>;
}

export const DEFAULT_NOTICE_POLICY: NoticePolicy = {
  leadMinutes: {
    planned: { important: 7 * 24 * 60, ordinary: 7 * 24 * 60 },
    temporary_maintenance: { important: 24 * 60, ordinary: 0 },
  },
};

export interface PlannedWindow {
  kind: PlannedKind;
  start: Date;
  end: Date;
  /** When the notices can go out (now, when the plan is saved). */
  noticeAt: Date;
  importantCustomers: number;
  ordinaryCustomers: number;
}

export interface NoticeCheck {
  problems: { field: 'start' | 'end'; rule: string; zh: string; en: string }[];
  needsApproval: boolean;
  shortfalls: { audience: 'important' | 'ordinary'; requiredMinutes: number; actualMinutes: number }[];
}

export function checkPlannedNotice(w: PlannedWindow, policy: NoticePolicy): NoticeCheck {
  const problems: NoticeCheck['problems'] = [];
  if (!(w.end.getTime() > w.start.getTime())) problems.push({ field: 'end', rule: 'after_start', zh: '结束时间须晚于开始时间', en: 'end must be after start' });
  if (w.start.getTime() < w.noticeAt.getTime()) problems.push({ field: 'start', rule: 'in_past', zh: '开始时间已过', en: 'start is in the past' });
  const actualMinutes = Math.floor((w.start.getTime() - w.noticeAt.getTime()) / 60_000);
  const lead = policy.leadMinutes[w.kind];
  const shortfalls: NoticeCheck['shortfalls'] = [];
  if (w.importantCustomers > 0 && actualMinutes < lead.important) shortfalls.push({ audience: 'important', requiredMinutes: lead.important, actualMinutes });
  if (w.ordinaryCustomers > 0 && actualMinutes < lead.ordinary) shortfalls.push({ audience: 'ordinary', requiredMinutes: lead.ordinary, actualMinutes });
  return { problems, needsApproval: shortfalls.length > 0, shortfalls };
}

/** Whether an instant falls in a planned window (calls during it are answered from the plan). */
export const inWindow = (at: Date, w: { start: Date; end: Date }) => at.getTime() >= w.start.getTime() && at.getTime() < w.end.getTime();
