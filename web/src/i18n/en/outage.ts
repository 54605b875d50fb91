/** Outages and repair */
import type outage from '../zh-CN/outage';
import type { Shape } from '../shape';

const en: Shape<typeof outage> = {
  states: {
    predicted: 'Predicted', confirmed: 'Confirmed', crew_assigned: 'Crew assigned', en_route: 'En route', on_site: 'On site', restored: 'Restored', closed: 'Closed',
    cancelled: 'Cancelled', merged: 'Merged', withdrawn: 'Withdrawn',
  },
  etr: 'ETR', affected: '{{n}} customers affected',
};
export default en;
