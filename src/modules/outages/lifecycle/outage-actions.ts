/**
 * The outage lifecycle as use cases: confirm (scope and ETR), set ETR, assign a crew, the crew
 * accepts or declines (with a reason; back to the dispatcher as needing a crew), en route,
 * arrive, restore by device or whole, confirm restoration, close, cancel. Each runs in one
 * grouping transaction: the lifecycle rules decide (a refusal is a 409 with the reason), the
 * grouping engine follows (a confirmed outage stops moving; a restored one releases its calls),
 * interruption records and notices are written, and the audit record comes last.
 */
import { DomainError, badField, conflict, forbidden } from '../../../platform/errors.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { actorOf, allows, type Principal } from '../../identity/index.js';
import { isCrewMember, requireCrewInScope, setCrewStatus } from '../../crews/index.js';
import { allowedActions, applyLifecycle, type LifecycleAction, type OutageLifecycle } from './lifecycle-rules.js';
import type { GroupingHost } from '../grouping/grouping-host.js';
import type { GroupingSession } from '../grouping/grouping-session.js';
import { closeOutage, confirmOutage } from '../grouping/grouping-operations.js';
import { persistGrouping } from '../grouping/grouping-persist.js';
import { lifecycleOf, loadOutage, type OutageRow } from './outage-state.js';
import { addTimeline } from './outage-rows.js';
import { endInterruptions, noticesForEtr } from './restoration.js';
import { flagRepeatFaults } from '../quality/repeat-faults.js';
import { loadPolicy } from '../admin/policy-store.js';
import { checkRepairQuality, type FaultDeviceKind } from '../quality/repair-quality-rules.js';

export interface ActionInput {
  type: LifecycleAction['type'];
  at?: Date;
  etr?: Date;
  crewId?: number;
  deviceId?: number;
  source?: 'callback' | 'meter';
  causeClass?: string;
  causeNote?: string;
  customerSide?: boolean;
  /** Why the crew declines its assignment. */
  reason?: string;
}

/** The HTTP action (POST /api/outages/:id/<action>) of each lifecycle step, for refusals that say what is allowed. */
export const ROUTE_ACTION: Record<LifecycleAction['type'], string> = {
  confirm: 'confirm',
  set_etr: 'etr',
  assign_crew: 'assign',
  accept_assignment: 'accept',
  decline_assignment: 'decline',
  depart: 'depart',
  arrive: 'arrive',
  restore_partial: 'restore',
  restore: 'restore',
  confirm_restoration: 'confirm-restoration',
  close: 'close',
  cancel: 'cancel',
};

/** The assignment's acknowledgement as the API shows it: awaiting, accepted, or none (no crew or already out). */
export const acceptanceOf = (s: OutageLifecycle): 'awaiting' | 'accepted' | null =>
  s.status !== 'crew_assigned' ? null : s.crewAccepted ? 'accepted' : 'awaiting';

/** Refused steps answer 409 with the reason, the current state and the actions allowed instead. */
export function refusalDetails(state: OutageLifecycle, status: string): Record<string, unknown> {
  return { status, acceptance: acceptanceOf(state), allowed: [...new Set(allowedActions(state).map((a) => ROUTE_ACTION[a]))] };
}

const FIELD_ACTIONS = ['depart', 'arrive', 'restore_partial', 'restore'];
/** Only a member of the assigned crew answers for it: no dispatcher accepts on the crew's behalf. */
const CREW_ANSWERS = ['accept_assignment', 'decline_assignment'];
const MAX_SKEW_MS = 120_000;

export async function actOnOutage(host: GroupingHost, p: Principal, id: number, input: ActionInput): Promise<OutageRow> {
  const at = input.at ?? new Date();
  if (at.getTime() > Date.now() + MAX_SKEW_MS) throw badField('at', 'future', '时间不能晚于当前', 'time cannot be in the future');
  if (input.type === 'decline_assignment' && !input.reason?.trim())
    throw badField('reason', 'required', '请填写拒绝接单的原因', 'a reason is required to decline the assignment');
  return host.transaction(async (s) => {
    const { tx } = s;
    const o = await loadOutage(tx, id, p.orgPath, true);
    if (o.kind !== 'fault')
      throw conflict('计划停电请在计划停电中操作', 'planned outages are handled through the planned-outage endpoints', { reason: 'planned_outage' });
    if (FIELD_ACTIONS.includes(input.type) && !allows(p, 'outages.write') && !(o.crew_id !== null && (await isCrewMember(tx, o.crew_id, p.id))))
      throw forbidden();
    if (CREW_ANSWERS.includes(input.type) && o.crew_id !== null && !(p.kind === 'user' && (await isCrewMember(tx, o.crew_id, p.id)))) {
      throw new DomainError(
        'forbidden',
        'FORBIDDEN',
        '只有被指派班组的成员才能接单或拒绝',
        'only a member of the assigned crew can accept or decline the assignment',
      );
    }
    const action = { ...input, at, reason: input.reason ?? '' } as LifecycleAction;
    const state = await lifecycleOf(tx, o);
    const r = applyLifecycle(state, action);
    if (!r.ok) throw conflict(r.zh, r.en, { reason: r.code, ...refusalDetails(state, o.status) });
    const local = s.ids.local(o.id);
    let changed = false;
    const set: Record<string, unknown> = { status: r.state.status, crew_id: r.state.crewId, etr: r.state.etr };
    switch (input.type) {
      case 'confirm':
        if (local !== undefined && !s.g.outage(local)?.pinned) {
          await persistGrouping(s, confirmOutage(s.g, local), at);
          changed = true;
        }
        Object.assign(set, { confirmed_at: at, pinned: true });
        await tx.query('UPDATE outage_customers SET counted = true WHERE outage_id = $1', [o.id]);
        break;
      case 'assign_crew': {
        const crew = await requireCrewInScope(tx, input.crewId!, p.orgPath);
        if (crew.status !== 'available' && crew.id !== o.crew_id)
          throw conflict('该班组不空闲', 'this crew is not available', { reason: 'crew_not_available' });
        if (o.crew_id !== null && o.crew_id !== crew.id) await setCrewStatus(tx, o.crew_id, 'available');
        await setCrewStatus(tx, crew.id, 'busy');
        // a (re)assignment waits for the crew's acknowledgement again
        Object.assign(set, { assigned_at: at, accepted_at: null, accepted_by: null, acceptance_warned_at: null });
        break;
      }
      case 'accept_assignment':
        Object.assign(set, { accepted_at: at, accepted_by: p.id });
        break;
      case 'decline_assignment':
        await tx.query('INSERT INTO outage_crew_declines (outage_id, crew_id, user_id, at, reason) VALUES ($1,$2,$3,$4,$5)', [
          o.id,
          o.crew_id,
          p.id,
          at,
          input.reason!.trim(),
        ]);
        await setCrewStatus(tx, o.crew_id!, 'available');
        Object.assign(set, { accepted_at: null, accepted_by: null, acceptance_warned_at: null });
        break;
      case 'depart':
        set.en_route_at = at;
        break;
      case 'arrive':
        set.arrived_at = at;
        break;
      case 'restore_partial':
        if (input.deviceId === o.device_id || !s.g.tree.has(input.deviceId!) || !s.g.tree.covers(o.device_id, input.deviceId!)) {
          throw badField('deviceId', 'below_outage', '该设备不在本次停电范围内', "the device is not below the outage's device");
        }
        await tx.query(
          'INSERT INTO outage_devices (outage_id, device_id, restored_at) VALUES ($1,$2,$3) ON CONFLICT (outage_id, device_id) DO UPDATE SET restored_at = EXCLUDED.restored_at',
          [o.id, input.deviceId, at],
        );
        await endInterruptions(tx, o.id, at, s.g.tree, input.deviceId!);
        break;
      case 'restore':
        Object.assign(set, {
          restored_at: at,
          cause_class: input.causeClass ?? o.cause_class,
          cause_note: input.causeNote ?? o.cause_note,
          customer_side: input.customerSide ?? o.customer_side,
        });
        await endInterruptions(tx, o.id, at, null, null);
        await tx.query('UPDATE outage_customers SET cause_class = $2 WHERE outage_id = $1', [o.id, set.cause_class]);
        changed = await release(s, local, at);
        await tx.query(`UPDATE outage_calls SET status = 'resolved' WHERE outage_id = $1 AND status = 'grouped'`, [o.id]);
        if (o.crew_id !== null) await setCrewStatus(tx, o.crew_id, 'available');
        break;
      case 'confirm_restoration':
        Object.assign(set, { restoration_confirmed_at: at, restoration_source: input.source });
        break;
      case 'close': {
        const quality = checkRepairQuality(
          {
            receivedAt: o.started_at,
            dispatchedAt: o.assigned_at,
            arrivedAt: o.arrived_at,
            restoredAt: o.restored_at,
            closedAt: at,
            causeClass: o.cause_class,
            deviceKind: (o.customer_side ? 'service_point' : s.g.tree.has(o.device_id) ? s.g.tree.kind(o.device_id) : null) as FaultDeviceKind | null,
            customerSide: o.customer_side,
          },
          (await loadPolicy(tx, 'repair_quality', at)).data,
        );
        Object.assign(set, { closed_at: at, quality_issues: JSON.stringify(quality) });
        break;
      }
      case 'cancel':
        changed = await release(s, local, at);
        await tx.query('DELETE FROM outage_customers WHERE outage_id = $1', [o.id]);
        await tx.query(`UPDATE outage_calls SET status = 'cancelled' WHERE outage_id = $1 AND status = 'grouped'`, [o.id]);
        if (o.crew_id !== null) await setCrewStatus(tx, o.crew_id, 'available');
        break;
    }
    const cols = Object.keys(set);
    const { rows } = await tx.query<OutageRow>(
      `UPDATE outages SET ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')}, affected_customers = (SELECT count(*) FROM outage_customers WHERE outage_id = $1),
              updated_at = now(), version = version + 1 WHERE id = $1 RETURNING *`,
      [o.id, ...cols.map((c) => set[c])],
    );
    const after = rows[0];
    if (input.type === 'confirm') await flagRepeatFaults(tx, after, at, (await loadPolicy(tx, 'repeat_fault', at)).data);
    if ((input.type === 'confirm' || input.type === 'set_etr') && input.etr) await noticesForEtr(tx, o.id, input.etr);
    const data = CREW_ANSWERS.includes(input.type) ? { ...detail(input), crewId: o.crew_id } : detail(input);
    await addTimeline(tx, [{ outageId: o.id, action: input.type, fromStatus: o.status, toStatus: after.status, actorId: p.id, actorName: p.name, at, data }]);
    await recordAudit(tx, actorOf(p), {
      action: `outage.${input.type}`,
      entity: 'outage',
      entityId: o.id,
      orgUnitId: o.org_unit_id,
      before: { status: o.status, crewId: o.crew_id, etr: o.etr },
      after: { status: after.status, ...data },
    });
    return { changed, value: after };
  });
}

/** Takes the outage and its calls out of the live grouping. */
async function release(s: GroupingSession, local: number | undefined, at: Date): Promise<boolean> {
  if (local === undefined || !s.g.outage(local)) return false;
  await persistGrouping(s, closeOutage(s.g, local), at);
  return true;
}

function detail(i: ActionInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['etr', 'crewId', 'deviceId', 'source', 'causeClass', 'causeNote', 'customerSide', 'reason'] as const) if (i[k] !== undefined) out[k] = i[k];
  return out;
}
