/**
 * The outage lifecycle: predicted → confirmed → crew_assigned (awaiting the crew's acceptance →
 * accepted) → en_route → on_site → restored (partial restorations by device on the way) → closed,
 * and only after the restoration was confirmed (callback or meter signal). A crew declining its
 * assignment sends the outage back to confirmed (needing a crew). A prediction can be cancelled
 * (false alarm) before a crew is out. Wrong moves return a reason (HTTP 409), never a silent no-op.
 */
export type OutageStatus = 'predicted' | 'confirmed' | 'crew_assigned' | 'en_route' | 'on_site' | 'restored' | 'closed' | 'cancelled';

export interface OutageLifecycle {
  status: OutageStatus;
  crewId: number | null;
  /** Whether the assigned crew has accepted the assignment (only meaningful while crew_assigned). */
  crewAccepted: boolean;
  etr: Date | null;
  /** Devices restored before the whole outage was (partial restoration). */
  partialRestorations: { deviceId: number; at: Date }[];
  restorationConfirmation: { at: Date; source: 'callback' | 'meter' } | null;
  lastChangeAt: Date;
}

export type LifecycleAction =
  | { type: 'confirm'; at: Date; etr?: Date }
  | { type: 'set_etr'; at: Date; etr: Date }
  | { type: 'assign_crew'; at: Date; crewId: number }
  | { type: 'accept_assignment'; at: Date }
  | { type: 'decline_assignment'; at: Date; reason: string }
  | { type: 'depart'; at: Date }
  | { type: 'arrive'; at: Date }
  | { type: 'restore_partial'; at: Date; deviceId: number }
  | { type: 'restore'; at: Date }
  | { type: 'confirm_restoration'; at: Date; source: 'callback' | 'meter' }
  | { type: 'close'; at: Date }
  | { type: 'cancel'; at: Date };

export interface LifecycleRefusal {
  ok: false;
  code: string;
  zh: string;
  en: string;
}
export type LifecycleResult = { ok: true; state: OutageLifecycle } | LifecycleRefusal;

/**
 * The active outage states: the one list every query, index filter and screen uses (SQL takes it as
 * `status = ANY($n)` or through `sqlList`). Migration 300's partial index `outages_active_idx` names the same states.
 */
export const ACTIVE_STATUSES = ['predicted', 'confirmed', 'crew_assigned', 'en_route', 'on_site'] as const satisfies readonly OutageStatus[];
/** Every status an outage row can have: the lifecycle's, and merged / withdrawn set by the grouping. */
export const OUTAGE_STATUSES = [
  'predicted',
  'confirmed',
  'crew_assigned',
  'en_route',
  'on_site',
  'restored',
  'closed',
  'cancelled',
  'merged',
  'withdrawn',
] as const;
const ACTIVE: readonly OutageStatus[] = ACTIVE_STATUSES;

export function newLifecycle(at: Date): OutageLifecycle {
  return { status: 'predicted', crewId: null, crewAccepted: false, etr: null, partialRestorations: [], restorationConfirmation: null, lastChangeAt: at };
}

const refuse = (code: string, zh: string, en: string): LifecycleRefusal => ({ ok: false, code, zh, en });

function from(state: OutageLifecycle, allowed: readonly OutageStatus[], action: string): LifecycleRefusal | null {
  if (allowed.includes(state.status)) return null;
  return refuse('invalid_transition', `当前状态（${state.status}）不能执行 ${action}`, `cannot ${action} an outage that is ${state.status}`);
}

export function applyLifecycle(state: OutageLifecycle, a: LifecycleAction): LifecycleResult {
  if (a.at.getTime() < state.lastChangeAt.getTime()) return refuse('time_before_previous', '时间早于上一步操作', 'time is before the previous step');
  const next = (patch: Partial<OutageLifecycle>): LifecycleResult => ({ ok: true, state: { ...state, ...patch, lastChangeAt: a.at } });
  const badEtr = (etr: Date | undefined) => etr !== undefined && etr.getTime() <= a.at.getTime();
  switch (a.type) {
    case 'confirm':
      if (badEtr(a.etr)) return refuse('etr_in_past', '预计复电时间须晚于当前', 'the estimated restoration time must be in the future');
      return from(state, ['predicted'], 'confirm') ?? next({ status: 'confirmed', etr: a.etr ?? state.etr });
    case 'set_etr':
      if (badEtr(a.etr)) return refuse('etr_in_past', '预计复电时间须晚于当前', 'the estimated restoration time must be in the future');
      return from(state, ACTIVE, 'set the ETR of') ?? next({ etr: a.etr });
    case 'assign_crew':
      return (
        from(state, ['confirmed', 'crew_assigned', 'en_route'], 'assign a crew to') ?? next({ status: 'crew_assigned', crewId: a.crewId, crewAccepted: false })
      );
    case 'accept_assignment':
      if (state.status === 'crew_assigned' && state.crewAccepted)
        return refuse('already_accepted', '班组已接单', 'the crew has already accepted this assignment');
      return from(state, ['crew_assigned'], 'accept the assignment of') ?? next({ crewAccepted: true });
    case 'decline_assignment':
      if (state.status === 'crew_assigned' && state.crewAccepted)
        return refuse('already_accepted', '班组已接单，不能再拒绝；请调度改派', 'the crew has already accepted; the dispatcher can reassign');
      if (!a.reason.trim()) return refuse('reason_required', '拒绝接单须说明原因', 'a decline needs a reason');
      return from(state, ['crew_assigned'], 'decline the assignment of') ?? next({ status: 'confirmed', crewId: null, crewAccepted: false });
    case 'depart':
      if (state.status === 'crew_assigned' && !state.crewAccepted)
        return refuse('not_accepted', '班组尚未接单，不能出发', 'cannot depart: the crew has not accepted the assignment');
      return from(state, ['crew_assigned'], 'send en route') ?? next({ status: 'en_route' });
    case 'arrive':
      return from(state, ['en_route'], 'mark arrival for') ?? next({ status: 'on_site' });
    case 'restore_partial':
    case 'restore':
      if (state.status !== 'on_site') return refuse('not_on_site', '抢修人员未到达现场，不能复电', 'cannot restore: no crew is on site');
      if (a.type === 'restore') return next({ status: 'restored' });
      if (state.partialRestorations.some((p) => p.deviceId === a.deviceId))
        return refuse('already_restored', '该设备已复电', 'this device is already restored');
      return next({ partialRestorations: [...state.partialRestorations, { deviceId: a.deviceId, at: a.at }] });
    case 'confirm_restoration':
      return from(state, ['restored'], 'confirm restoration of') ?? next({ restorationConfirmation: { at: a.at, source: a.source } });
    case 'close':
      if (state.status === 'restored' && !state.restorationConfirmation)
        return refuse(
          'restoration_unconfirmed',
          '复电尚未经回访或电表信号确认，不能关闭',
          'cannot close: restoration not yet confirmed by callback or meter signal',
        );
      return from(state, ['restored'], 'close') ?? next({ status: 'closed' });
    case 'cancel':
      return from(state, ['predicted', 'confirmed'], 'cancel') ?? next({ status: 'cancelled' });
  }
}

const PROBES: LifecycleAction['type'][] = [
  'confirm',
  'set_etr',
  'assign_crew',
  'accept_assignment',
  'decline_assignment',
  'depart',
  'arrive',
  'restore_partial',
  'restore',
  'confirm_restoration',
  'close',
  'cancel',
];

/**
 * The actions the state allows now (ignoring times and parameters such as a device or an ETR), for
 * refusals and screens: what can be done instead.
 */
export function allowedActions(state: OutageLifecycle): LifecycleAction['type'][] {
  const at = state.lastChangeAt;
  const probe = (type: LifecycleAction['type']): LifecycleAction => {
    switch (type) {
      case 'confirm':
        return { type, at };
      case 'set_etr':
        return { type, at, etr: new Date(at.getTime() + 3_600_000) };
      case 'assign_crew':
        return { type, at, crewId: -1 };
      case 'decline_assignment':
        return { type, at, reason: 'probe' };
      case 'restore_partial':
        return { type, at, deviceId: -1 };
      case 'confirm_restoration':
        return { type, at, source: 'callback' };
      default:
        return { type, at } as LifecycleAction;
    }
  };
  return PROBES.filter((type) => applyLifecycle(state, probe(type)).ok);
}

/** Whether the assignment is waiting for the crew's acknowledgement. */
export const awaitingAcceptance = (s: OutageLifecycle) => s.status === 'crew_assigned' && !s.crewAccepted;

export const isActive = (s: OutageStatus) => ACTIVE.includes(s);

/** A constant list as an SQL literal list `('a', 'b')`, for a fragment that must stay a literal (a partial index's predicate). Code constants only, never input. */
export const sqlList = (xs: readonly string[]) => `(${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(', ')})`;
