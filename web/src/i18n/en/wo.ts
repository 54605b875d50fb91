/** Work orders (95598) */
import type wo from '../zh-CN/wo';
import type { Shape } from '../shape';

const en: Shape<typeof wo> = {
  types: { fault_repair: 'Fault repair', consultation: 'Consultation', complaint: 'Complaint', report: 'Report', suggestion: 'Suggestion', praise: 'Praise', service_request: 'Service request' },
  subtypes: {
    service: 'Service', business: 'Business handling', outage: 'Outage', supply_quality: 'Supply quality', grid_construction: 'Grid construction',
    reconnection: 'Reconnection after payment', damaged_appliance: 'Damaged appliance', meter_fault: 'Meter fault', reading_error: 'Reading error', reading_dispute: 'Reading dispute',
    meter_test: 'Meter test', other: 'Other',
  },
  channels: { phone: 'Phone (95598)', web: 'Web portal', mobile: 'Mobile', counter: 'Service-hall counter', letter: 'Letter', fax: 'Fax', email: 'E-mail', ref_12398: 'Referral 12398', ref_12345: 'Referral 12345' },
  urgencies: { normal: 'Normal', urgent: 'Urgent', major: 'Major' },
  states: {
    accepted: 'Accepted', dispatched: 'Dispatched', in_progress: 'In progress', waiting_customer: 'Waiting for customer', waiting_parts: 'Waiting for parts', waiting_third_party: 'Waiting for third party',
    handled: 'Handled', callback: 'Callback', closed: 'Closed', returned: 'Returned', suspended: 'Suspended', termination_requested: 'Termination requested', terminated: 'Terminated', merged: 'Merged',
  },
  actions: {
    dispatch: 'Dispatch', start: 'Start', arrive: 'Arrived on site', record_contact: 'Record contact', pause: 'Pause', resume: 'Resume', handle: 'Mark handled', return: 'Return',
    transfer: 'Transfer', suspend: 'Suspend', start_callback: 'Start callback', close: 'Close', close_on_spot: 'Close on the spot', reopen: 'Reopen', request_termination: 'Request termination',
    approve_termination: 'Approve termination', reject_termination: 'Reject termination', merge: 'Merge', note: 'Note', link: 'Link', match_customer: 'Match customer', intake: 'Accepted', create: 'Accepted', accept: 'Accepted',
    callback: 'Callback', sla_warning: 'SLA warning', sla_breach: 'SLA breach', escalate: 'Escalate',
  },
  clocks: { contact: 'Contact', reply: 'Reply', arrival: 'Arrival on site', restoration: 'Restoration', completion: 'Completion', callback: 'Callback', handle: 'Handling' },
  clockStates: { pending: 'Not started', running: 'Running', paused: 'Paused', met: 'Met', breached: 'Breached', stopped: 'Stopped' },
  slaStates: { none: 'No clock', ok: 'On time', warning: 'Warning', breached: 'Breached', met: 'Met' },
  pauseReasons: { waiting_customer: 'Waiting for customer', waiting_parts: 'Waiting for parts', waiting_third_party: 'Waiting for third party' },
  callbackResults: { satisfied: 'Satisfied', basically_satisfied: 'Basically satisfied', dissatisfied: 'Dissatisfied', unreachable: 'Unreachable' },
  basis: { natural: 'Natural time', working_days: 'Working days' },
  orderNo: 'Order no.', type: 'Type', subtype: 'Subtype', channel: 'Channel', urgency: 'Urgency', status: 'Status', title: 'Title', description: 'Request',
  receivedAt: 'Received', due: 'Time left', dueAt: 'Due', caller: 'Caller', callerPhone: 'Caller phone', callerName: 'Caller name', address: 'Address',
  org: 'Responsible unit', owner: 'First-question owner', assignee: 'Assignee', important: 'Important customer', priority: 'Priority', result: 'Result', cause: 'Cause',
  note: 'Note', reason: 'Reason', remaining: '{{t}} left', overdue: '{{t}} overdue', pausedFor: 'paused {{t}}', calendarUncovered: 'holiday calendar for that year not entered yet: counted Mon–Fri', calendarProvisional: 'provisional: statutory holidays counted, make-up days not yet published', calendarProvisionalHint: 'The holiday arrangement for that year has not been entered: the deadline counts the statutory holidays of the National Holidays Regulation; once the make-up working days and bridging days are published and entered, it is recomputed.', days: '{{n}} d', hours: '{{n}} h', mins: '{{n}} min',
  queue: 'Work queue', myOrders: 'Assigned to me', myOwned: 'Accepted by me', allOpen: 'All open', all: 'All (incl. closed)', filters: 'Filters', searchPlaceholder: 'Order no. / caller phone / title',
  sort: { due: 'By due time', received: 'By received time', priority: 'By priority' }, hasMore: 'Next page',
  detail: 'Work order', timeline: 'Timeline', clocksTitle: 'Clocks', links: 'Linked orders', deliveries: 'Notifications', callbacks: 'Callbacks', slaEvents: 'SLA events',
  addNote: 'Add note', noteAdded: 'Note added', actionDone: 'Done: {{action}}', allowedActions: 'Actions', noActions: 'No actions in this state',
  linkTo: 'Link to order', linkOrder: 'Link order', mergeInto: 'Merge into order', survivorId: 'Surviving order ID', relatedId: 'Related order ID', mergedInto: 'Merged into',
  kbArticle: 'Knowledge answer', assignToMe: 'Assign to me', customer: 'Customer', anonymous: 'Anonymous caller', matchCustomer: 'Match customer', assigneeId: 'Assignee', orgUnitId: 'Dispatch to unit',
  satisfaction: 'Satisfaction', reopenCount: 'Reopened', handledAt: 'Handled at', closedAt: 'Closed at', policy: 'SLA policy',
  location: {
    title: 'Location', sources: { service_point: 'Service point coordinates', reported: 'Reported location' }, text: 'Location note', textHint: 'e.g. third pole east of the Renmin Rd crossing',
    pick: 'When the caller describes a spot, click it on the small map (optional, can be skipped)', clear: 'Clear location', none: 'No location marked', lonLat: 'Lon / lat',
    show: 'Mark a location on the map', hide: 'Hide map',
  },
  deliveryStatus: { pending: 'Pending', sent: 'Sent', delivered: 'Delivered', failed: 'Failed, will retry', dead: 'Undeliverable', retrying: 'Retrying', suppressed: 'Quiet hours' },
};
export default en;
