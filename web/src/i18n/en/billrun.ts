/** Meter reading, bill runs, bills */
import type billrun from '../zh-CN/billrun';
import type { Shape } from '../shape';

const en: Shape<typeof billrun> = {
  workbench: 'Billing workbench', runs: 'Bill runs', newRun: 'Start a run', cycle: 'Cycle', org: 'Org unit code', start: 'Start', status: 'Status',
  statuses: { running: 'Running', review: 'In review', released: 'Released', cancelled: 'Cancelled' },
  progress: 'Progress', accounts: 'Accounts', billed: 'Billed', exceptions: 'Exceptions', total: 'Total', rate: 'Rate', perS: '{{n}} accounts/s',
  review: 'Review', release: 'Release', retry: 'Retry exceptions', reviewer: 'Reviewer', reviewedByOther: 'Under review by someone else', releasedAt: 'Released',
  runExceptions: 'Accounts not billed', account: 'Account', code: 'Reason', message: 'Detail', resolved: 'Retried',
  readingExceptions: 'Reading exceptions', severity: 'Severity', readAt: 'Read at', accept: 'Accept reading', dispute: 'Customer dispute', note: 'Note', description: 'Dispute',
  excStatuses: { open: 'Open', accepted: 'Accepted', corrected: 'Corrected', disputed: 'Disputed' },
  codes: { below_last: 'Below last reading', rollover: 'Rollover', zero: 'Zero for months', jump: 'Jump', estimated: 'Estimated', tou_mismatch: 'TOU ≠ total', intervals_incomplete: 'Intervals incomplete', reading_exception: 'Open reading exception', missing_reading: 'No reading', missing_register: 'Register missing', no_tariff: 'No tariff', rating: 'Rating refused' },
  import: 'Import reading file', importHint: 'Each line: meter_no,register,read_at,value,flag (docs/billing.md §9)', imported: 'Import {{id}}: {{readings}} stored, {{repeated}} repeated, {{exceptions}} exceptions',
  bills: 'Bills', bill: 'Bill', kinds: { normal: 'Normal', reversal: 'Reversal', rebill: 'Rebill' }, billStatuses: { draft: 'Draft', released: 'Released', cancelled: 'Cancelled' },
  kwh: 'kWh', amount: 'Amount', lines: 'Bill lines', reading: 'Readings', rebill: 'Cancel & rebill', reason: 'Reason', rebilled: 'Cancelled and rebilled: reversal {{rev}}, new bill {{next}}',
  statement: 'Account statement', statementOf: 'Statement of account {{id}}', usage: 'Monthly usage', openStatement: 'Statement',
  entry: 'Reading entry', meterNo: 'Meter no.', registers: 'Readings', submit: 'Submit', entered: 'Entered: {{readings}} readings, {{exceptions}} exceptions', estimated: 'Estimated', meterChanged: 'First reading of a new meter',
  regs: { kwh_total: 'Total', kwh_critical: 'Critical peak', kwh_peak: 'Peak', kwh_flat: 'Flat', kwh_valley: 'Valley', kvarh: 'kvarh', max_demand_kw: 'Max demand' },
  myBills: 'My bills', noBills: 'No bills yet',
};
export default en;
