import type { OutageAction } from '../../api/outages';
import type { Permission } from '../../api/types';

/** Outage steps the API offers (src/modules/outages/routes.ts), the states they start from, and the permission they need. */
export const OUTAGE_ACTIONS: {
  action: OutageAction;
  from: string[];
  perm: Permission;
  danger?: boolean;
  acceptance?: 'awaiting' | 'accepted';
  crewOnly?: boolean;
}[] = [
  { action: 'confirm', from: ['predicted'], perm: 'outages.write' },
  { action: 'assign', from: ['confirmed', 'crew_assigned', 'en_route'], perm: 'outages.write' },
  // only a member of the assigned crew answers the assignment (the crew's phone page); departing needs the acceptance
  { action: 'accept', from: ['crew_assigned'], acceptance: 'awaiting', perm: 'outages.field', crewOnly: true },
  { action: 'decline', from: ['crew_assigned'], acceptance: 'awaiting', perm: 'outages.field', crewOnly: true, danger: true },
  { action: 'depart', from: ['crew_assigned'], acceptance: 'accepted', perm: 'outages.field' },
  { action: 'arrive', from: ['en_route'], perm: 'outages.field' },
  { action: 'restore', from: ['on_site'], perm: 'outages.field' },
  { action: 'confirm-restoration', from: ['restored'], perm: 'outages.write' },
  { action: 'close', from: ['restored'], perm: 'outages.write' },
  { action: 'etr', from: ['predicted', 'confirmed', 'crew_assigned', 'en_route', 'on_site'], perm: 'outages.write' },
  { action: 'cancel', from: ['predicted', 'confirmed'], perm: 'outages.write', danger: true },
];

export const CAUSES = [
  'equipment',
  'overload',
  'lightning',
  'tree_contact',
  'third_party',
  'external',
  'natural_disaster',
  'protection_misoperation',
  'supply_shortage',
  'meter',
  'service_drop',
  'customer_internal',
];
