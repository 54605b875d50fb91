/**
 * Roles and what each may do. Policy data, not scattered checks: routes name a permission,
 * the auth hook asks `can(role, permission)`. Modules add their permissions here.
 */
export const ROLES = [
  'call_taker', // 座席
  'dispatcher', // 抢修调度
  'crew', // 抢修人员
  'marketing', // 营销
  'account_manager', // 客户经理
  'billing_clerk', // 抄核收
  'supervisor', // 监察
  'manager', // 管理人员
  'admin', // 系统管理员
  'customer', // 客户（门户）
  'cashier', // 收费员 (payments)
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, { zh: string; en: string }> = {
  call_taker: { zh: '座席', en: 'Call-taker' },
  dispatcher: { zh: '抢修调度', en: 'Dispatcher' },
  crew: { zh: '抢修人员', en: 'Repair crew' },
  marketing: { zh: '营销人员', en: 'Marketing clerk' },
  account_manager: { zh: '客户经理', en: 'Account manager' },
  billing_clerk: { zh: '抄核收人员', en: 'Billing & collection clerk' },
  supervisor: { zh: '监察人员', en: 'Supervisor' },
  manager: { zh: '管理人员', en: 'Manager' },
  admin: { zh: '系统管理员', en: 'Administrator' },
  customer: { zh: '客户', en: 'Customer' },
  cashier: { zh: '收费员', en: 'Cashier' },
};

export const PERMISSIONS = [
  'org.read',
  'org.write',
  'users.read',
  'users.write',
  'customers.read',
  'customers.write',
  'customers.pii',
  'network.read',
  'network.write',
  'audit.read',
  'tokens.write',
  'self.read', // a customer's own data
  'cti.lookup',
  'workorders.read',
  'workorders.create',
  'workorders.handle',
  'workorders.dispatch',
  'workorders.supervise',
  'workorders.callback',
  'sla.admin',
  'knowledge.read',
  'knowledge.write',
  'portal.submit',
  'outages.read',
  'outages.write',
  'outages.field',
  'crews.read',
  'crews.write',
  'crews.position',
  'reliability.read',
  'planned.write',
  'planned.approve',
  'outages.admin',
  'outages.supervise',
  'territory.admin', // the service territory (platform setting)
  // connections (业扩报装) and large customers
  'connections.read',
  'connections.write',
  'connections.approve',
  'connections.admin',
  // meter reading, tariffs, bill runs
  'billing.read',
  'billing.write',
  'billing.approve',
  'tariffs.admin',
  // service-quality analytics (call centre KPIs, staffing)
  'analytics.read',
  'analytics.admin',
  // group ledger (会计核算)
  'ledger.read',
  'ledger.write',
  'ledger.admin',
  // satisfaction (issue 12): survey designer, IVR imports, policy, improvement plans
  'satisfaction.admin',
  // benchmarking scorecards (同业对标) and supervision
  'scorecards.read',
  'scorecards.compute',
  'scorecards.admin',
  'scorecards.inspect',
  // payments (收费): read accounts' arrears and payments; take payments and ask reversals/refunds; approve them
  'payments.read',
  'payments.collect',
  'payments.approve',
  // collection (催费): read the board and accounts' files; record steps and ask waivers; approve waivers and important stops, run the pass
  'collection.read',
  'collection.write',
  'collection.approve',
  // prepaid fee control (预付费 / 费控): dashboard and accounts; enrol, thresholds, daily totals; the daily pass and head-end orders by hand
  'prepaid.read',
  'prepaid.write',
  'prepaid.admin',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const STAFF_READ: Permission[] = ['org.read', 'customers.read', 'network.read', 'workorders.read', 'knowledge.read', 'outages.read', 'crews.read'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  call_taker: [...STAFF_READ, 'customers.pii', 'cti.lookup', 'workorders.create', 'workorders.handle', 'workorders.callback'],
  dispatcher: [
    ...STAFF_READ,
    'workorders.create',
    'workorders.handle',
    'workorders.dispatch',
    'outages.write',
    'outages.field',
    'crews.write',
    'reliability.read',
    'planned.write',
  ],
  crew: ['org.read', 'network.read', 'outages.read', 'outages.field', 'crews.read', 'crews.position', 'workorders.read', 'workorders.handle', 'knowledge.read'],
  marketing: [
    ...STAFF_READ,
    'customers.write',
    'customers.pii',
    'workorders.create',
    'workorders.handle',
    'connections.read',
    'connections.write',
    'billing.read',
  ],
  account_manager: [
    ...STAFF_READ,
    'customers.write',
    'customers.pii',
    'workorders.create',
    'workorders.handle',
    'connections.read',
    'connections.write',
    'billing.read',
  ],
  billing_clerk: [
    ...STAFF_READ,
    'customers.pii',
    'workorders.handle',
    'billing.read',
    'billing.write',
    'ledger.read',
    'ledger.write',
    'payments.read',
    'payments.collect',
    'collection.read',
    'collection.write',
    'prepaid.read',
    'prepaid.write',
  ],
  supervisor: [
    ...STAFF_READ,
    'users.read',
    'audit.read',
    'customers.pii',
    'workorders.create',
    'workorders.handle',
    'workorders.dispatch',
    'workorders.supervise',
    'workorders.callback',
    'knowledge.write',
    'reliability.read',
    'planned.approve',
    'outages.supervise',
    'connections.read',
    'connections.approve',
    'billing.read',
    'billing.approve',
    'analytics.read',
    'ledger.read',
    'satisfaction.admin',
    'scorecards.read',
    'scorecards.compute',
    'scorecards.inspect',
    'payments.read',
    'payments.approve',
    'collection.read',
    'collection.write',
    'collection.approve',
    'prepaid.read',
  ],
  manager: [
    ...STAFF_READ,
    'users.read',
    'audit.read',
    'workorders.supervise',
    'reliability.read',
    'planned.approve',
    'outages.supervise',
    'connections.read',
    'connections.approve',
    'billing.read',
    'billing.approve',
    'analytics.read',
    'ledger.read',
    'satisfaction.admin',
    'scorecards.read',
    'scorecards.compute',
  ],
  admin: [
    ...STAFF_READ,
    'org.write',
    'users.read',
    'users.write',
    'customers.write',
    'customers.pii',
    'network.write',
    'audit.read',
    'tokens.write',
    'sla.admin',
    'knowledge.write',
    'reliability.read',
    'outages.admin',
    'territory.admin',
    'connections.read',
    'connections.admin',
    'billing.read',
    'tariffs.admin',
    'analytics.read',
    'analytics.admin',
    'ledger.read',
    'ledger.admin',
    'satisfaction.admin',
    'scorecards.read',
    'scorecards.compute',
    'scorecards.admin',
    'scorecards.inspect',
    'payments.read',
    'collection.read',
    'prepaid.read',
    'prepaid.write',
    'prepaid.admin',
  ],
  customer: ['self.read', 'portal.submit'],
  cashier: ['org.read', 'customers.read', 'billing.read', 'payments.read', 'payments.collect'],
};

/** What an API token (CTI, SMS gateway callbacks, ...) may be granted. */
export const TOKEN_SCOPES: readonly Permission[] = [
  'cti.lookup',
  'workorders.create',
  'workorders.read',
  'customers.read',
  'crews.position',
  'workorders.callback',
  'prepaid.write',
];

export function can(role: Role, p: Permission): boolean {
  return ROLE_PERMISSIONS[role]?.includes(p) ?? false;
}
