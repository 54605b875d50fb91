/** Outages and repair */
import type outage from '../zh-CN/outage';
import type { Shape } from '../shape';

const en: Shape<typeof outage> = {
  states: {
    predicted: 'Predicted', confirmed: 'Confirmed', crew_assigned: 'Crew assigned', en_route: 'En route', on_site: 'On site', restored: 'Restored', closed: 'Closed',
    cancelled: 'Cancelled', merged: 'Merged', withdrawn: 'Withdrawn',
  },
  etr: 'ETR', affected: '{{n}} customers affected',
  actions: {
    confirm: 'Confirm outage', etr: 'Update ETR', assign: 'Assign crew', accept: 'Accept', decline: 'Decline', depart: 'Depart', arrive: 'Arrived on site', restore: 'Restore supply', restorePartial: 'Partial restoration',
    'confirm-restoration': 'Confirm restoration', close: 'Close', cancel: 'Cancel', move: 'Move to device', merge: 'Merge', split: 'Split',
  },
  events: {
    create: 'Predicted', predicted: 'Predicted', confirm: 'Confirmed', set_etr: 'ETR updated', assign_crew: 'Crew assigned', accept_assignment: 'Crew accepted', decline_assignment: 'Crew declined', acceptance_overdue: 'Crew did not acknowledge in time', depart: 'Departed', arrive: 'Arrived on site', restore: 'Restored',
    restore_partial: 'Partially restored', confirm_restoration: 'Restoration confirmed', close: 'Closed', cancel: 'Cancelled', move: 'Moved', merge: 'Merged', split: 'Split', grow: 'Scope grew', shrink: 'Scope shrank',
    call: 'Trouble call', regroup: 'Regrouped',
  },
  causes: {
    equipment: 'Equipment failure', protection_misoperation: 'Protection misoperation', supply_shortage: 'Supply shortage', external: 'External', natural_disaster: 'Natural disaster', lightning: 'Lightning',
    tree_contact: 'Tree contact', third_party: 'Third-party damage', overload: 'Overload', meter: 'Metering', service_drop: 'Service drop', customer_internal: 'Customer internal fault',
  },
  kinds: { fault: 'Fault', planned: 'Planned', temporary_maintenance: 'Temporary maintenance' },
  list: 'Outages', outageNo: 'Outage no.', status: 'Status', device: 'Device', affectedCol: 'Customers affected', calls: 'Calls', crew: 'Crew', startedAt: 'Started',
  restoredAt: 'Restored', active: 'Active', all: 'All', repeat: 'Repeat fault', detail: 'Outage', customers: 'Customers out', stillOut: 'Still out', important: 'Important',
  customerMinutes: 'Customer-minutes', cause: 'Cause', causeNote: 'Cause note', customerSide: 'Customer-side (beyond the property boundary)', source: 'Confirmed by', sources: { callback: 'Callback', meter: 'Meter signal' },
  nearest: 'Nearest', suggested: 'Suggested', unassigned: 'No crew yet', exclusions: { busy: 'Busy', off_duty: 'Off duty', off_shift: 'Off shift', missing_skill: 'Missing skill', no_position: 'No position', stale_position: 'Position too old' }, distanceKm: '{{km}} km', noCrew: 'No crew available', timeline: 'Timeline', qualityIssues: 'Quality checks', partial: 'Partially restored devices', restoreDevice: 'Device restored',
  etrHint: 'Scope and ETR are due within 5 minutes of confirmation', unplaced: 'Unplaced calls', callStatuses: { pending: 'Pending', grouped: 'Grouped', unplaced: 'Unplaced', planned: 'Planned outage', cancelled: 'Cancelled', resolved: 'Resolved' },
  order: 'Order', confirmedAt: 'Confirmed', arrivedAt: 'Arrived', closedAt: 'Closed', mergeSelected: 'Merge selected', moveTo: 'Move to device', splitInto: 'Split over devices (two or more)',
  dispatchLayers: { network: 'Network', outages: 'Outages', calls: 'Calls', reported: 'Reported spots', crews: 'Crews' },
  reportedTruncated: 'Showing the latest {{n}} reported spots',
  acceptance: { awaiting: 'Awaiting acceptance', accepted: 'Accepted', overdue: 'Acceptance overdue', declined: 'Declined, needs a crew' },
  acceptDueAt: 'Acceptance due', acceptedBy: 'Accepted by', declineReason: 'Reason for declining', declinedBy: '{{crew}} ({{by}}) declined at {{at}}: {{reason}}',
  declinedEarlier: 'Declined before', declineHint: 'The outage goes back to the dispatcher to assign another crew',
};
export default en;
