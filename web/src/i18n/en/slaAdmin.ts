/** SLA policies and calendar */
import type slaAdmin from '../zh-CN/slaAdmin';
import type { Shape } from '../shape';

const en: Shape<typeof slaAdmin> = {
  title: 'SLA & calendar',
  policies: 'SLA policies',
  calendar: 'Working-day calendar',
  activeSet: 'Active policy set',
  activate: 'Activate',
  activated: 'Activated; open orders were recomputed',
  recomputeHint: 'Changing the set or the calendar recomputes open orders from their history.',
  set: 'Policy set',
  valid: 'Valid',
  source: 'Source',
  pausedIn: 'paused in',
  workingDays: '{{n}} working days',
  holidays: '{{n}} holidays',
  workdays: '{{n}} make-up working days',
  holiday: 'Statutory holiday',
  workday: 'Make-up working day',
  date: 'Date',
  kind: 'Kind',
  desk: 'Desk settings',
  deskHint:
    'Duplicate hints, reopening, callback sampling, how far back each channel may date a contact, and when major complaints reach each next level. Saved settings apply to new orders at once.',
  duplicateWindow: 'Duplicate hint window',
  reopenWindow: 'Reopen when the customer calls again within',
  callbackSample: 'Callback sample of non-complaints',
  escalation: 'Major complaint escalation (from receipt)',
  level: 'Level {{n}}',
  levelProvince: 'Province',
  levelCity: 'City',
  backdate: 'How far back each channel may date the time received',
  channel: 'Channel',
  backdateLimit: 'At most',
  hoursUnit: 'h',
  daysUnit: 'days',
  minutesUnit: 'min',
  approxDays: 'about {{n}} days',
  approxHours: 'about {{n}} h',
  calendarNotCovered:
    'The holiday arrangement for {{year}} has not been entered (the calendar covers up to {{through}}): working-day deadlines in {{year}} are counted Monday to Friday until it is saved here.',
  calendarProvisional:
    'The holiday arrangement for {{year}} has not been entered (the calendar covers up to {{through}}): until it is saved here, working-day deadlines in {{year}} count its statutory holidays (the {{n}} days below) provisionally; enter the make-up working days once the State Council publishes them. Saving recomputes open orders.',
  provisionalSource: 'Source: {{source}}',
  startFromStatutory: 'Start from the statutory holidays',
};
export default en;
