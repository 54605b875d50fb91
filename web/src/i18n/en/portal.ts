/** Customer portal */
import type portal from '../zh-CN/portal';
import type { Shape } from '../shape';

const en: Shape<typeof portal> = {
  myAccount: 'My electricity account',
  noCustomer: 'This account is not linked to a customer',
  noOrders: 'No requests yet',
  more: 'Showing the latest 20',
  where: 'Supply address',
  whereRequired: 'Choose the address of the fault',
  whereHint: 'or click your address on the map',
  contactPhone: 'Contact phone (optional)',
  mapHint: 'Orange dots are your supply addresses: click one to choose it; click anywhere else to mark where the fault is.',
  pinned: 'Marked location',
  pinnedText: 'About the spot (optional)',
  pinnedHint: 'If the fault is not at your home (a line or pole down the street), click where it is on the map',
  created: 'Submitted as order {{no}}; we will handle it as soon as possible',
  rate: 'Rate our service',
  thanks: 'Thank you for your rating',
  publicTitle: 'Outage information',
  currentOutages: 'Current outages',
  plannedOutages: 'Planned outages',
  noOutages: 'None',
  spotOnly: 'The fault is not at my supply address (report a spot: a street, a field)',
  spotOnlyHint: 'Click where the fault is on the map; no supply address needed',
  spotRequired: 'Click the map to mark where the fault is',
};
export default en;
