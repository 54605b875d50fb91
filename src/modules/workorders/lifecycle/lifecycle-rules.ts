/**
 * The work-order lifecycle as data (issue 3, "Lifecycle"):
 * accepted → dispatched → in_progress → (waiting_customer | waiting_parts | waiting_third_party)
 * → handled → callback → closed, plus 退单 (return to dispatcher), transfer, suspend/resume,
 * reopen, and termination that a supervisor must approve. `transition` is pure: it answers the
 * new state or an error naming the current state and the actions allowed from it (the API's 409).
 */
export const ORDER_STATES = [
  'accepted',
  'dispatched',
  'in_progress',
  'waiting_customer',
  'waiting_parts',
  'waiting_third_party',
  'handled',
  'callback',
  'closed',
  'returned',
  'suspended',
  'termination_requested',
  'terminated',
  'merged',
] as const;
export type OrderState = (typeof ORDER_STATES)[number];

export const ORDER_ACTIONS = [
  'dispatch',
  'start',
  'arrive',
  'record_contact',
  'pause',
  'resume',
  'handle',
  'return',
  'transfer',
  'suspend',
  'start_callback',
  'close',
  'close_on_spot',
  'reopen',
  'request_termination',
  'approve_termination',
  'reject_termination',
  'merge',
] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

export const PAUSE_REASONS = { waiting_customer: 'waiting_customer', waiting_parts: 'waiting_parts', waiting_third_party: 'waiting_third_party' } as const;
export type PauseReason = keyof typeof PAUSE_REASONS;

export const INITIAL_STATE: OrderState = 'accepted';
export const TERMINAL_STATES: readonly OrderState[] = ['terminated', 'merged'];
/** States in which an order counts as open (work queue, duplicate search, recompute on policy change). */
export const OPEN_STATES: readonly OrderState[] = ORDER_STATES.filter((s) => s !== 'closed' && !TERMINAL_STATES.includes(s));

const WAITING: OrderState[] = ['waiting_customer', 'waiting_parts', 'waiting_third_party'];
/** States an order may be suspended from, or asked to be terminated from; it goes back there on resume/rejection. */
const SUSPENDABLE: OrderState[] = ['accepted', 'dispatched', 'in_progress', 'returned'];
const TERMINABLE: OrderState[] = [...SUSPENDABLE, ...WAITING, 'suspended'];

type Target = OrderState | { pauseReason: true } | { returnTo: readonly OrderState[] };

const RULES: Record<OrderState, Partial<Record<OrderAction, Target>>> = {
  accepted: {
    dispatch: 'dispatched',
    record_contact: 'accepted',
    close_on_spot: 'closed',
    suspend: 'suspended',
    request_termination: 'termination_requested',
    merge: 'merged',
  },
  dispatched: {
    start: 'in_progress',
    arrive: 'in_progress',
    record_contact: 'dispatched',
    return: 'returned',
    transfer: 'dispatched',
    suspend: 'suspended',
    request_termination: 'termination_requested',
    merge: 'merged',
  },
  returned: { dispatch: 'dispatched', record_contact: 'returned', suspend: 'suspended', request_termination: 'termination_requested', merge: 'merged' },
  in_progress: {
    pause: { pauseReason: true },
    arrive: 'in_progress',
    record_contact: 'in_progress',
    handle: 'handled',
    return: 'returned',
    transfer: 'dispatched',
    suspend: 'suspended',
    request_termination: 'termination_requested',
  },
  waiting_customer: { resume: 'in_progress', record_contact: 'waiting_customer', request_termination: 'termination_requested' },
  waiting_parts: { resume: 'in_progress', record_contact: 'waiting_parts', request_termination: 'termination_requested' },
  waiting_third_party: { resume: 'in_progress', record_contact: 'waiting_third_party', request_termination: 'termination_requested' },
  suspended: { resume: { returnTo: SUSPENDABLE }, request_termination: 'termination_requested' },
  termination_requested: { approve_termination: 'terminated', reject_termination: { returnTo: TERMINABLE } },
  handled: { start_callback: 'callback', close: 'closed', reopen: 'dispatched' },
  callback: { close: 'closed', reopen: 'dispatched' },
  closed: { reopen: 'dispatched' },
  terminated: {},
  merged: {},
};

export interface TransitionContext {
  pauseReason?: string | null;
  /** For resume from suspended and rejected termination: the state the order was in before. */
  returnTo?: string | null;
}

export type TransitionResult =
  | { ok: true; state: OrderState }
  | { ok: false; kind: 'not_allowed'; currentState: string; action: string; allowed: OrderAction[] }
  | { ok: false; kind: 'bad_param'; field: 'reason' | 'returnTo'; allowedValues: string[] };

export function allowedActions(state: string): OrderAction[] {
  const row = RULES[state as OrderState];
  return row ? ORDER_ACTIONS.filter((a) => a in row) : [];
}

export function transition(state: string, action: string, ctx: TransitionContext = {}): TransitionResult {
  const row = RULES[state as OrderState];
  const target = row?.[action as OrderAction];
  if (target === undefined) return { ok: false, kind: 'not_allowed', currentState: state, action, allowed: allowedActions(state) };
  if (typeof target === 'string') return { ok: true, state: target };
  if ('pauseReason' in target) {
    const reason = ctx.pauseReason ?? '';
    if (!(reason in PAUSE_REASONS)) return { ok: false, kind: 'bad_param', field: 'reason', allowedValues: Object.keys(PAUSE_REASONS) };
    return { ok: true, state: PAUSE_REASONS[reason as PauseReason] };
  }
  const back = ctx.returnTo ?? '';
  if (!target.returnTo.includes(back as OrderState)) return { ok: false, kind: 'bad_param', field: 'returnTo', allowedValues: [...target.returnTo] };
  return { ok: true, state: back as OrderState };
}

/** Every possible [from, action, to], for SLA policy validation (a clock must be able to stop). */
export function lifecycleEdges(): [OrderState, OrderAction, OrderState][] {
  const edges: [OrderState, OrderAction, OrderState][] = [];
  for (const from of ORDER_STATES) {
    for (const [action, target] of Object.entries(RULES[from]) as [OrderAction, Target][]) {
      if (typeof target === 'string') edges.push([from, action, target]);
      else if ('pauseReason' in target) for (const s of Object.values(PAUSE_REASONS)) edges.push([from, action, s]);
      else for (const s of target.returnTo) edges.push([from, action, s]);
    }
  }
  return edges;
}

/** The permission an action needs on top of seeing the order (routes check it). */
export function actionPermission(action: OrderAction): 'workorders.handle' | 'workorders.dispatch' | 'workorders.supervise' | 'workorders.callback' {
  switch (action) {
    case 'dispatch':
    case 'transfer':
      return 'workorders.dispatch';
    case 'approve_termination':
    case 'reject_termination':
      return 'workorders.supervise';
    case 'start_callback':
      return 'workorders.callback';
    default:
      return 'workorders.handle';
  }
}
