/** English */
import type { Translation } from './zh-CN';
import type { Shape } from './shape';
import wo from './en/wo';
import desk from './en/desk';
import crew from './en/crew';
import rel from './en/rel';
import plan from './en/plan';
import portal from './en/portal';
import slaAdmin from './en/slaAdmin';
import outage from './en/outage';
import bill from './en/bill';
import qa from './en/qa';
import conn from './en/conn';
import billrun from './en/billrun';
import ledger from './en/ledger';

const en: Shape<Translation> = {
  app: { name: 'griddesk Service', short: 'griddesk', subtitle: '95598 service desk & service quality' },
  lang: { switch: '中文', label: 'Language' },
  common: {
    search: 'Search', reset: 'Reset', save: 'Save', cancel: 'Cancel', create: 'New', edit: 'Edit', close: 'Close', confirm: 'Confirm',
    refresh: 'Refresh', loading: 'Loading…', none: 'None', yes: 'Yes', no: 'No', actions: 'Actions', detail: 'Details', back: 'Back',
    total: '{{count}} in total', submit: 'Submit', optional: 'optional', all: 'All', show: 'Show', hide: 'Hide', saved: 'Saved',
    enabled: 'Enabled', disabled: 'Disabled', name: 'Name', code: 'Code', unknown: 'Unknown', open: 'Open', copy: 'Copy', notAvailable: 'No data',
    minutes: '{{count}} min', retry: 'Retry', apply: 'Apply', clear: 'Clear', more: 'More',
  },
  error: {
    network: 'Network error, please check the connection and retry', server: 'Server error {{status}}', notFound: 'Page not found', notFoundHint: 'The page does not exist or was removed.',
    forbidden: 'Not allowed', forbiddenHint: 'Your role may not open this page.', generic: 'Something went wrong', backHome: 'Back to start',
    notYetAvailable: 'The service behind this screen is not available yet ({{what}}).',
  },
  auth: {
    title: 'Log in', username: 'Username', password: 'Password', login: 'Log in', logout: 'Log out', loggingIn: 'Logging in…',
    usernameRequired: 'Enter your username', passwordRequired: 'Enter your password', welcome: 'Power supply service workbench',
    changePassword: 'Change password', currentPassword: 'Current password', newPassword: 'New password', confirmPassword: 'Confirm new password',
    passwordMismatch: 'The two new passwords differ', passwordChanged: 'Password changed', passwordHint: 'At least 8 characters with letters and digits',
    sessionExpired: 'Your session has expired, please log in again', profile: 'Profile', role: 'Role', org: 'Organisation',
    publicOutages: 'View outage information (no login)',
  },
  nav: {
    home: 'Home', customers: 'Customers', customer360: 'Customer view', network: 'Network', admin: 'Administration', orgs: 'Organisation', users: 'Users',
    audit: 'Audit log', account: 'My account', password: 'Change password', service: 'Customer service', console: 'Call console', queue: 'Work queue',
    supervisor: 'Supervisor board', callbacks: 'Callbacks', knowledge: 'Knowledge base', repair: 'Repair & dispatch', dispatchMap: 'Dispatch map',
    outages: 'Outages', crews: 'Crews', planned: 'Planned outages', crewMobile: 'My jobs', reliability: 'Reliability',
    portal: 'Customer portal', portalHome: 'My service', portalSubmit: 'New request', portalOrders: 'My requests', publicOutages: 'Outage information',
    menu: 'Menu',
  },
  home: {
    title: 'Workbench', hello: 'Hello, {{name}}', roleAt: '{{role}} · {{org}}', shortcuts: 'Shortcuts', noShortcuts: 'Your role has no functions yet.',
  },
  customer: {
    searchTitle: 'Customer search', searchPlaceholder: 'Name / phone / account no. / address / meter no.', searchHint: 'Type at least 2 characters to search',
    name: 'Name', kind: 'Customer type', phone: 'Phone', idNumber: 'ID number', email: 'E-mail', accountNos: 'Account no.', address: 'Supply address',
    customerClass: 'Customer class', org: 'Supply unit', view360: 'Customer view', showPii: 'Show full data', hidePii: 'Hide', piiAudited: 'Viewing full personal data is recorded in the audit log',
    tabs: { overview: 'Overview', servicePoints: 'Service points & meters', network: 'Network position', orders: 'Open orders', outages: 'Outages' },
    accounts: 'Accounts', accountNo: 'Account no.', accountStatus: 'Status', servicePoints: 'Service points', contractedKva: 'Contracted (kVA)',
    supplyVoltageKv: 'Supply voltage (kV)', important: 'Important customer', meters: 'Meters', meterNo: 'Meter no.', meterKind: 'Meter type',
    transformer: 'Transformer', feeder: 'Feeder', substation: 'Substation', location: 'Coordinates', noLocation: 'No coordinates', notOnNetwork: 'Not attached to the network model',
    traceDownstream: 'Downstream', downstreamOf: 'Downstream of {{name}}', downstreamCustomers: '{{count}} customers downstream', downstreamPoints: '{{count}} service points',
    downstreamDevices: '{{count}} devices downstream', notFound: 'No matching customer', noActiveOutage: 'No current outage affects this customer', openOrdersWindow: 'Open orders received in the last {{h}} hours', editContact: 'Edit contact', mapOfPoints: 'Service point locations',
    kinds: { person: 'Person', organisation: 'Organisation', resident: 'Residential', residential: 'Residential', enterprise: 'Enterprise', business: 'Enterprise', government: 'Public institution', other: 'Other' },
    classes: { residential: 'Residential', lv_non_residential: 'LV non-residential', lv_nonresidential: 'LV non-residential', hv: 'High voltage', agricultural: 'Agricultural' },
    statuses: { active: 'Active', inactive: 'Closed', suspended: 'Suspended', closed: 'Closed' },
  },
  network: {
    title: 'Network', kind: 'Device type', kinds: { substation: 'Substation', feeder: 'Feeder', transformer: 'Transformer', switch: 'Switch', service_point: 'Service point' },
    search: 'Device code / name', devices: 'Devices', parent: 'Parent device', downstream: 'Downstream trace', position: 'Network position', map: 'Map',
  },
  org: {
    title: 'Organisation', name: 'Name', nameEn: 'English name', code: 'Code', level: 'Level', areaType: 'Area type', parent: 'Parent unit', active: 'Active',
    levels: { province: 'Province company', city: 'City company', county: 'County company', station: 'Supply station', hall: 'Service hall' },
    areaTypes: { urban: 'Urban', rural: 'Rural', remote: 'Remote' },
    addChild: 'Add sub-unit', addRoot: 'Add unit', editUnit: 'Edit unit', selectHint: 'Select a unit on the left', path: 'Path',
    deactivate: 'Deactivate', activate: 'Activate', inactiveTag: 'Inactive', searchTree: 'Search units',
  },
  user: {
    title: 'Users', username: 'Username', displayName: 'Display name', role: 'Role', org: 'Organisation', phone: 'Mobile', email: 'E-mail',
    status: 'Status', active: 'Active', inactive: 'Inactive', locked: 'Locked', unlock: 'Unlock', newUser: 'New user', editUser: 'Edit user',
    password: 'Initial password', customerId: 'Linked customer ID', searchPlaceholder: 'Username / name', created: 'User created', updated: 'User updated',
    unlocked: 'Unlocked', enable: 'Enable', disable: 'Disable',
  },
  tokens: { title: 'API tokens', new: 'New token', scopes: 'Scopes', created: 'Created', expires: 'Expires', lastUsed: 'Last used', revoked: 'Revoked', revoke: 'Revoke', revokeConfirm: 'Systems using this token will lose access. Revoke?', showOnce: 'The token is shown only this once: copy it now', expiresInDays: 'Valid for (days)' },
  territory: {
    title: 'Service territory', hint: 'Crew positions and order locations must lie inside the territory. Set it as a longitude/latitude box, or fit it to the network (about 5 km margin on every side).',
    minLon: 'Min longitude', maxLon: 'Max longitude', minLat: 'Min latitude', maxLat: 'Max latitude', fit: 'Fit to the network', polygon: 'Polygon territory ({{n}} points)',
    outside: '{{n}} network devices lie outside this box', updated: 'Last changed: {{at}}',
  },
  audit: {
    title: 'Audit log', seq: 'Seq', at: 'Time', actor: 'Actor', action: 'Action', entity: 'Entity', entityId: 'Entity ID', ip: 'IP', before: 'Before', after: 'After',
  },
  wo,
  ...desk,
  outage,
  crew,
  rel,
  plan,
  portal,
  slaAdmin,
  bill,
  qa,
  conn,
  billrun,
  ledger,
};
export default en;
