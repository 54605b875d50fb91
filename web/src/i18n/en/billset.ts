/** Billing settings, the pay QR code, portal usage and the TOU what-if */
import type billset from '../zh-CN/billset';
import type { Shape } from '../shape';

const en: Shape<typeof billset> = {
  title: 'Billing settings',
  province: 'Province billed (tariff tables)',
  registerDigits: 'Meter register digits',
  chunkAccounts: 'Accounts per bill run chunk',
  interimAutoIssue: 'Issue interim bills on their day automatically',
  interimAutoIssueHelp:
    'On: a background job issues each split-settlement agreement’s interim bills on their agreed day (once a day, never twice). Off: they are issued by hand from the bill run workbench or the account page.',
  paymentDays: 'Payment term (days after release)',
  hotline: 'Service hotline',
  lateFeeNoticeZh: 'Late-fee notice (Chinese)',
  lateFeeNoticeEn: 'Late-fee notice (English)',
  ebillLink: 'E-bill link',
  ebillLinkHelp: 'Must contain {billId}; when empty, messages tell the customer to look in the portal',
  payLink: 'Pay link (QR code)',
  payLinkHelp: 'Must contain {payRef} (the pay reference); when empty, the QR code carries the pay reference alone',
  updatedAt: 'Last changed',
  saved: 'Billing settings saved',
  readOnly: 'Only the billing administrator can change the settings',
  payQr: 'Scan to pay',
  payRef: 'Pay reference',
  payText: 'QR code content',
  usage: 'My usage',
  usageByMonth: 'Usage by month',
  account: 'Account',
  cycle: 'Cycle',
  kwh: 'kWh',
  amount: 'Amount',
  periods: { critical: 'Critical peak', peak: 'Peak', flat: 'Flat', valley: 'Valley' },
  notTou: 'This account is not billed by time of use (total kWh only)',
  noUsage: 'No released bills yet',
  whatIf: 'Load shifting what-if (demand-side management)',
  whatIfNote:
    'From your latest bill’s kWh by TOU period and the tariff in force: what moving part of your peak (and critical-peak) use to valley hours would have saved.',
  share: 'Share moved',
  includeCritical: 'Include critical peak',
  compute: 'Calculate',
  before: 'As billed',
  after: 'With load moved',
  moved: '{{kwh}} kWh moved',
  saving: 'Saving',
  basedOn: 'Based on the {{cycle}} bill, tariff {{codes}}',
};
export default en;
