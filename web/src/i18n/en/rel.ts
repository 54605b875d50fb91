/** Reliability */
import type rel from '../zh-CN/rel';
import type { Shape } from '../shape';

const en: Shape<typeof rel> = {
  title: 'Supply reliability',
  byOrg: 'By unit',
  byFeeder: 'By feeder',
  myOrg: 'My unit',
  pickFeeder: 'Pick a feeder',
  all: 'All',
  normal: 'Excluding major event days',
  med: 'Major event days',
  daily: 'Daily indices',
  breakdown: 'Breakdown',
  served: '{{n}} customers served',
  medRule: '2.5β method, k = {{k}}, last {{y}} years',
  medDays: 'Major event days',
  times: 'times',
  timesPerCustomer: 'per customer',
  interruptions: 'Customer interruptions',
  customerMinutes: 'Customer-minutes',
  momentary: 'Momentary interruptions',
  saifi: 'System average interruption frequency: customer interruptions / customers served',
  saidi: 'System average interruption duration: customer-minutes / customers served',
  caidi: 'Customer average interruption duration: SAIDI / SAIFI',
  asai: 'Average service availability',
  maifi: 'Momentary average interruption frequency',
  aihc1: 'Average interruption hours per customer (DL/T 836 AIHC-1)',
  rs1: 'Reliability RS-1',
  rs3: 'Reliability RS-3 (excluding supply shortage)',
};
export default en;
