/** Group ledger */
import type ledger from '../zh-CN/ledger';
import type { Shape } from '../shape';

const en: Shape<typeof ledger> = {
  title: 'Ledger', unit: 'Accounting unit', period: 'Period', chart: 'Chart of accounts', entries: 'Entries', trialBalance: 'Trial balance', consolidation: 'Consolidation',
  code: 'Code', name: 'Account', level: 'Level', side: 'Normal side', sides: { debit: 'Dr', credit: 'Cr' }, groupAccount: 'Group', unitAccount: 'Unit\'s own',
  codeRule: 'Code rule {{rule}}: the group sets levels 1–{{n}}; units may add accounts below them', postingRules: 'Posting rules', eventType: 'Event', customerClass: 'Customer class', amountKey: 'Amount', anyClass: 'any',
  opening: 'Opening', debit: 'Debits', credit: 'Credits', closing: 'Closing', total: 'Total', balanced: 'Balanced', unbalanced: 'Does not balance',
  balanceNote: 'Balances are debit-positive, credit-negative; a parent account includes everything below it', date: 'Date', source: 'Source', memo: 'Memo', lines: 'Lines', account: 'Account', counterUnit: 'Counter-unit',
  reverse: 'Reverse', reverseConfirm: 'Posts a reversal entry dated today; the original stays as it is. Continue?', reversed: 'Reversed by entry {{id}}', reversal: 'Reversal of entry {{id}}', reverseDone: 'Reversal entry {{id}} posted',
  filterAccount: 'Filter by account (and below)', excel: 'Export to Excel', ledgerExcel: 'Export account ledger', eliminatedDebit: 'Eliminated Dr', eliminatedCredit: 'Eliminated Cr',
  consolidationNote: 'Units consolidated: {{units}}. Entries between these units are eliminated.', eliminationMatched: 'Inter-unit balances match', eliminationUnmatched: 'Inter-unit amounts differ: one side is not recorded',
  periodStatus: 'Period status', open: 'Open', closed: 'Closed', closePeriod: 'Close period', closeConfirm: 'A closed period takes no more entries; corrections are reversed in a later period. Close it?', noUnits: 'No unit keeps books in your scope',
  events: { bill_released: 'Bill released', payment_received: 'Payment', late_fee_charged: 'Late fee charged', late_fee_waived: 'Late fee waived', refund: 'Refund', write_off: 'Write-off', withholding_settled: 'Agent settlement', prepaid_topup: 'Prepaid top-up', manual: 'Manual entry', reversal: 'Reversal' },
  newEntry: 'New manual entry', addLine: 'Add line', posted: 'Posted: entry {{id}}', amountFormat: 'An amount in yuan with at most 2 decimals',
  showZero: 'Show accounts without movements',
};
export default en;
