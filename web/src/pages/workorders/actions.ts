/** Which form fields each lifecycle action asks for, and the permission it needs (mirrors lifecycle-rules.ts). */
import type { Permission } from '../../api/types';

export type Field = 'note' | 'reason' | 'pauseReason' | 'orgUnitId' | 'assignToMe' | 'result' | 'cause' | 'kbArticleId';

export const ACTION_FIELDS: Record<string, { fields: Field[]; required: Field[]; danger?: boolean }> = {
  dispatch: { fields: ['orgUnitId', 'assignToMe', 'note'], required: ['orgUnitId'] },
  transfer: { fields: ['orgUnitId', 'assignToMe', 'note'], required: ['orgUnitId'] },
  start: { fields: ['note'], required: [] },
  arrive: { fields: ['note'], required: [] },
  record_contact: { fields: ['note'], required: ['note'] },
  pause: { fields: ['pauseReason', 'note'], required: ['pauseReason'] },
  resume: { fields: ['note'], required: [] },
  handle: { fields: ['result', 'cause', 'note'], required: ['result'] },
  return: { fields: ['reason'], required: ['reason'], danger: true },
  suspend: { fields: ['reason'], required: ['reason'] },
  start_callback: { fields: ['note'], required: [] },
  close: { fields: ['note'], required: [] },
  close_on_spot: { fields: ['kbArticleId', 'result', 'note'], required: ['kbArticleId'] },
  reopen: { fields: ['reason'], required: ['reason'], danger: true },
  request_termination: { fields: ['reason'], required: ['reason'], danger: true },
  approve_termination: { fields: ['note'], required: ['note'], danger: true },
  reject_termination: { fields: ['note'], required: ['note'] },
};

export function actionPermission(action: string): Permission {
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
