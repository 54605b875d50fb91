/** Outage steps the API offers (src/modules/outages/routes.ts), the states they start from, and the permission they need. */
export const OUTAGE_ACTIONS: { action: string; from: string[]; perm: string; danger?: boolean }[] = [
  { action: 'confirm', from: ['predicted'], perm: 'outages.write' },
  { action: 'assign', from: ['confirmed', 'crew_assigned', 'en_route'], perm: 'outages.write' },
  { action: 'depart', from: ['crew_assigned'], perm: 'outages.field' },
  { action: 'arrive', from: ['en_route'], perm: 'outages.field' },
  { action: 'restore', from: ['on_site'], perm: 'outages.field' },
  { action: 'confirm-restoration', from: ['restored'], perm: 'outages.write' },
  { action: 'close', from: ['restored'], perm: 'outages.write' },
  { action: 'etr', from: ['predicted', 'confirmed', 'crew_assigned', 'en_route', 'on_site'], perm: 'outages.write' },
  { action: 'cancel', from: ['predicted', 'confirmed'], perm: 'outages.write', danger: true },
];

export const CAUSES = ['equipment', 'overload', 'lightning', 'tree_contact', 'third_party', 'external', 'natural_disaster', 'protection_misoperation', 'supply_shortage', 'meter', 'service_drop', 'customer_internal'];
