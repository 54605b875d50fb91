/** Repair crews */
import type crew from '../zh-CN/crew';
import type { Shape } from '../shape';

const en: Shape<typeof crew> = {
  statuses: { available: 'Available', busy: 'Busy', off_duty: 'Off duty' },
  noCrew: 'Not in a crew',
  noCrewHint: 'Your account is not a member of any repair crew; ask the dispatcher.',
  currentJob: 'Current job',
  noJob: 'No repair job',
  myOrders: 'My orders',
  reportAuto: 'Report my position automatically',
  reportNow: 'Report now',
  reported: 'Position reported ({{at}})',
  noGeo: 'Location unavailable',
  restoredWait: 'Supply restored; waiting for the dispatcher to confirm',
  acceptFirst: 'A job was assigned to your crew: accept it, or decline with a reason',
  declinedJob: 'Declined {{outage}}: {{reason}}',
  title: 'Crews',
  name: 'Crew',
  org: 'Unit',
  skills: 'Skills',
  phone: 'Phone',
  members: 'Members',
  shifts: 'Shifts',
  position: 'Position',
  positionAt: 'Position time',
  job: 'Current outage',
  newCrew: 'New crew',
  addShift: 'Add shift',
  shiftWindow: 'Shift',
  setStatus: 'Set status',
  saved: 'Saved',
  skillNames: { lv: 'LV', mv: 'MV', hv: 'HV', meter: 'Metering' },
};
export default en;
