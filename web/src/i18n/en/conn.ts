/** Connections (业扩报装) and large customers */
import type { Shape } from '../shape';
import type zh from '../zh-CN/conn';

const conn: Shape<typeof zh> = {
  nav: { group: 'Connections', workbench: 'Connections workbench', new: 'New application', detail: 'Application', large: 'Large customers', portal: 'Apply for supply', portalDetail: 'Application progress', policy: 'Limits & fees' },
  title: 'Connections workbench', newTitle: 'New connection application', largeTitle: 'Large-customer register', portalTitle: 'My supply applications', portalApply: 'Apply online',
  appNo: 'Application no.', kind: 'Kind', customerClass: 'Customer class', channel: 'Channel', stage: 'Stage', status: 'Status', applicant: 'Applicant', phone: 'Phone',
  address: 'Supply address', voltageKv: 'Supply voltage (kV)', requestedKva: 'Requested (kVA)', existingKva: 'Existing (kVA)', longTermKva: 'Long-term (kVA)', annualKwh: 'Annual consumption (kWh)',
  legalEntity: 'Legal entity', industry: 'Industry', highEnergy: 'High-energy industry', important: 'Important customer', highRisk: 'High-risk customer', ownGeneration: 'Own generation', dedicatedLine: 'Dedicated line',
  servicePointId: 'Service point no.', received: 'Received', clock: 'Time limit', due: 'Due', remaining: '{{d}} left', overdueBy: 'Overdue by {{d}}', paused: 'Paused on the customer', met: 'Met',
  missing: 'Missing', noMissing: 'Documents complete', owner: 'Stage owner', scope: { mine: 'Mine', org: 'My org' }, onlyOverdue: 'Overdue only', search: 'No. / applicant / address',
  counts: '{{total}} in all, {{overdue}} overdue, {{wait}} paused on the customer', policySet: 'Limit set', customerTime: 'Customer time', workingDays: '{{n}} working days',
  details: { startsOn: 'Starts on', endsOn: 'Ends on', restoreOn: 'Restore on', transformers: 'Installed transformers (kVA, comma-separated)', newName: 'New name', note: 'Note' },
  kinds: { new: 'New connection', increase: 'Capacity increase', rename: 'Rename', transfer: 'Transfer of ownership', relocation: 'Relocation', temporary_removal: 'Temporary removal', pause: 'Pause', pause_end: 'End of pause', reduction: 'Capacity reduction', reduction_end: 'End of reduction', meter_relocation: 'Meter relocation', use_class_change: 'Use-class change' },
  classes: { residential: 'Residential', lv_nonresidential: 'LV non-residential', hv_single: 'HV single supply', hv_dual: 'HV dual supply' },
  channels: { counter: 'Counter', portal: 'Portal', phone: 'Phone consultation' },
  industries: { residential: 'Residential', industrial: 'Industrial', commercial: 'Commercial', agricultural: 'Agricultural', other: 'Other' },
  stages: { acceptance: 'Acceptance', survey: 'Site survey', plan: 'Supply plan reply', design_review: 'Design review', mid_inspection: 'Mid-construction inspection', completion: 'Completion inspection', contract: 'Contract signing', power_on: 'Meter & power-on', archive: 'Archive', archived: 'Archived' },
  statuses: { open: 'Open', archived: 'Archived', cancelled: 'Cancelled' },
  clockNames: { process: 'Whole process', plan_reply: 'Plan reply', power_on: 'Power-on' },
  clockStates: { pending: 'Not started', running: 'Running', paused: 'Paused', met: 'Met', breached: 'Overdue', stopped: 'Stopped' },
  actions: { cancel: 'Withdraw', cancelConfirm: 'Withdraw this application? Every clock ends.', cancelDefault: 'Withdrawn by the customer', advance: 'Complete this stage, go to "{{to}}"', archive: 'Archive and close', missingNotice: 'Send the one notice of missing items', waitStart: 'Pause on the customer', waitEnd: 'Resume the clock', upload: 'Upload', check: 'Check', plan: 'Record supply plan', review: 'Record review', agreement: 'Record agreement', powerOnDate: 'Planned power-on date' },
  waitReasons: { building_works: 'Customer building works', payment: 'Customer payment', missing_documents: 'Customer supplying documents', customer_request: 'Customer asked to wait' },
  docs: {
    title: 'Documents', required: 'Required', kind: 'Kind', file: 'File', validUntil: 'Valid until', checkedBy: 'Checked by', uploaded: 'Uploaded', sha: 'SHA-256', hint: 'PDF, JPEG or PNG only (judged by content); size limit per policy.',
    kinds: { id_card: 'ID', property_proof: 'Property proof', business_licence: 'Business licence', legal_person_id: "Legal person's ID", project_approval: 'Project approval', site_plan: 'Site plan', equipment_list: 'Equipment list', substation_design: 'Substation design', capacity_plan: 'Near/long-term capacity', environmental_assessment: 'Environmental assessment', production_permit: 'Production permit', other: 'Other' },
  },
  timeline: { title: 'Stages', events: 'History', clocks: 'Time limits', entered: 'Entered', left: 'Done' },
  plan: {
    title: 'Supply plan', transformerId: 'Transformer no.', supplyMode: 'Supply mode', newTransformer: 'New dedicated transformer', kva: 'Rating (kVA)', tVoltage: 'Primary voltage (kV)', type: 'Type', dry: 'Dry-type', oil: 'Oil-immersed', indoor: 'Indoor',
    hvRoom: 'HV room', hvMetering: 'HV-side metering', ctPrimaryA: 'CT primary rating (A)', loadCurrent: 'Normal load current {{a}} A', warnings: 'Plan checks', override: 'Override reason', unresolved: 'Unresolved',
    choices: "Customer's own choice (sunshine connection)", choicesHint: 'The customer chooses design, construction and equipment firms; the system proposes none and records only the names the customer gives.', designFirm: 'Design firm', constructionFirm: 'Construction firm', equipmentSupplier: 'Equipment supplier',
    fees: 'Fee items (published list only)', quantity: 'Quantity', dedicated: 'Dedicated-line facts', existingYears: 'Years connected', freeBay: 'Free 10 kV bay', firstApplicationKva: 'First application', withinOneYearKva: 'Within one year', eligible: 'Eligible for a dedicated line', notEligible: 'Not eligible for a dedicated line',
  },
  reviews: { title: 'Plan reviews', reasons: 'Why reviewed', level: 'Level', first: 'First review (design, dispatch, production)', joint: 'Joint review (company leaders)', decision: 'Decision', approved: 'Approved', rejected: 'Rejected', participants: 'Participants', note: 'Opinion', none: 'No review needed' },
  agreements: { title: 'Agreements before energising', required: 'Required', refNo: 'Reference', signedOn: 'Signed on', kinds: { supply_contract: 'Supply contract', dispatch_agreement: 'Dispatch agreement', generation_agreement: 'Dual-supply (own generation) agreement', anti_backfeed: 'Anti-backfeed measures' }, none: 'No further agreement needed' },
  large: { title: 'Large customer', isLarge: 'Large customer', notLarge: 'Not large', reasons: 'Reasons', powerFactor: 'Power-factor standard', contractedKva: 'Contracted (kVA)', all: 'Include non-large', computedAt: 'Computed' },
  fees: { published: 'Published fees', perUnit: '¥{{amount}} / {{unit}}' },
  policy: { title: 'Connection limits and fees', hint: 'New applications are timed under the set "{{set}}" (policy version {{version}}); each application keeps the version valid at its receipt.', version: 'Version', validFrom: 'Valid from', validTo: 'Valid to', source: 'Source', newVersion: 'New version', days: 'working days', amount: 'Rate', versionHint: 'The new version applies from now on; applications already received keep theirs.' },
  owners: { marketing: 'Marketing', account_manager: 'Account manager' },
  colon: ': ',
  created: 'Application received: {{no}}', saved: 'Saved', noticeSent: 'The one notice of missing items was sent',
};
export default conn;
