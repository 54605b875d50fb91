/** Planned outages */
import type plan from '../zh-CN/plan';
import type { Shape } from '../shape';

const en: Shape<typeof plan> = {
  title: 'Planned outages',
  new: 'New plan',
  planNo: 'Plan no.',
  kind: 'Kind',
  window: 'Window',
  reason: 'Reason',
  devices: 'Devices',
  customers: 'Customers affected',
  notified: 'Notified',
  approvedAt: 'Approved',
  insideNotice: 'Inside notice window',
  noticeHint: 'Planned outages need 7 days notice; temporary maintenance 24 h for important customers. Shorter notice needs approval.',
  shortfall: '{{who}} need {{need}} notice, only {{have}} left',
  audience: { important: 'Important customers', ordinary: 'Ordinary customers' },
  statuses: { pending_approval: 'Pending approval', approved: 'Approved', in_progress: 'In progress', completed: 'Completed', cancelled: 'Cancelled' },
  steps: { approve: 'Approve', start: 'Start', complete: 'Complete', cancel: 'Cancel plan' },
};
export default en;
