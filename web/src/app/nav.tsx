/**
 * Every screen of the console: where it lives, which permissions open it, where it sits in the menu.
 * The menu shows an entry only when the signed-in user's `permissions` (from /api/auth/me) allow it.
 */
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import type { Permission } from '../api/types';
import {
  AuditOutlined, ApartmentOutlined, BookOutlined, CustomerServiceOutlined, DashboardOutlined, HomeOutlined, LockOutlined, NodeIndexOutlined,
  PhoneOutlined, SearchOutlined, TeamOutlined, UnorderedListOutlined, ThunderboltOutlined, EnvironmentOutlined, ToolOutlined, CalendarOutlined, LineChartOutlined, FormOutlined, ShopOutlined, FieldTimeOutlined, KeyOutlined, GlobalOutlined, ApiOutlined, CrownOutlined,
} from '@ant-design/icons';
import { AccountBookOutlined } from '@ant-design/icons';
import { CalculatorOutlined } from '@ant-design/icons';

export interface Screen {
  key: string;
  path: string;
  /** i18n key of the title */
  title: string;
  icon?: ReactNode;
  /** all of these are needed */
  perms: Permission[];
  /** menu group key (i18n nav.<group>), or none for top level */
  group?: string;
  /** not in the menu (detail pages) */
  hidden?: boolean;
  component: LazyExoticComponent<ComponentType>;
}

const page = (f: () => Promise<{ default: ComponentType }>) => lazy(f);

export const GROUPS: { key: string; title: string; icon: ReactNode }[] = [
  { key: 'service', title: 'nav.service', icon: <CustomerServiceOutlined /> },
  { key: 'repair', title: 'nav.repair', icon: <ThunderboltOutlined /> },
  { key: 'portal', title: 'nav.portal', icon: <ShopOutlined /> },
  { key: 'admin', title: 'nav.admin', icon: <ApartmentOutlined /> },
  { key: 'quality', title: 'qa.nav.group', icon: <LineChartOutlined /> },
  { key: 'connections', title: 'conn.nav.group', icon: <ApiOutlined /> },
];

export const SCREENS: Screen[] = [
  { key: 'home', path: '/', title: 'nav.home', icon: <HomeOutlined />, perms: [], component: page(() => import('../pages/home/HomePage')) },
  { key: 'console', path: '/console', title: 'nav.console', icon: <PhoneOutlined />, perms: ['workorders.create'], group: 'service', component: page(() => import('../pages/console/ConsolePage')) },
  { key: 'queue', path: '/orders', title: 'nav.queue', icon: <UnorderedListOutlined />, perms: ['workorders.read'], group: 'service', component: page(() => import('../pages/workorders/QueuePage')) },
  { key: 'order', path: '/orders/:id', title: 'wo.detail', perms: ['workorders.read'], hidden: true, component: page(() => import('../pages/workorders/OrderDetailPage')) },
  { key: 'supervisor', path: '/supervisor', title: 'nav.supervisor', icon: <DashboardOutlined />, perms: ['workorders.supervise'], group: 'service', component: page(() => import('../pages/supervisor/SupervisorPage')) },
  { key: 'callbacks', path: '/callbacks', title: 'nav.callbacks', icon: <PhoneOutlined />, perms: ['workorders.callback'], group: 'service', component: page(() => import('../pages/callbacks/CallbacksPage')) },
  { key: 'knowledge', path: '/knowledge', title: 'nav.knowledge', icon: <BookOutlined />, perms: ['knowledge.read'], group: 'service', component: page(() => import('../pages/knowledge/KnowledgePage')) },
  { key: 'crewMobile', path: '/crew', title: 'nav.crewMobile', icon: <ToolOutlined />, perms: ['crews.position'], group: 'repair', component: page(() => import('../pages/crew/CrewMobilePage')) },
  { key: 'dispatchMap', path: '/dispatch', title: 'nav.dispatchMap', icon: <EnvironmentOutlined />, perms: ['outages.read', 'network.read', 'crews.read', 'outages.write'], group: 'repair', component: page(() => import('../pages/dispatch/DispatchMapPage')) },
  { key: 'outages', path: '/outages', title: 'nav.outages', icon: <ThunderboltOutlined />, perms: ['outages.read'], group: 'repair', component: page(() => import('../pages/outages/OutageListPage')) },
  { key: 'outage', path: '/outages/:id', title: 'outage.detail', perms: ['outages.read'], hidden: true, component: page(() => import('../pages/outages/OutageDetailPage')) },
  { key: 'crews', path: '/crews', title: 'nav.crews', icon: <TeamOutlined />, perms: ['crews.read', 'outages.write'], group: 'repair', component: page(() => import('../pages/crews/CrewsPage')) },
  { key: 'planned', path: '/planned', title: 'nav.planned', icon: <CalendarOutlined />, perms: ['outages.read'], group: 'repair', component: page(() => import('../pages/planned/PlannedPage')) },
  { key: 'reliability', path: '/reliability', title: 'nav.reliability', icon: <LineChartOutlined />, perms: ['reliability.read'], group: 'repair', component: page(() => import('../pages/reliability/ReliabilityPage')) },
  { key: 'portalHome', path: '/portal', title: 'nav.portalHome', icon: <HomeOutlined />, perms: ['self.read'], group: 'portal', component: page(() => import('../pages/portal/PortalHomePage')) },
  { key: 'portalSubmit', path: '/portal/new', title: 'nav.portalSubmit', icon: <FormOutlined />, perms: ['portal.submit'], group: 'portal', component: page(() => import('../pages/portal/PortalSubmitPage')) },
  { key: 'portalOrder', path: '/portal/orders/:id', title: 'nav.portalOrders', perms: ['self.read'], hidden: true, component: page(() => import('../pages/portal/PortalOrderPage')) },
  { key: 'customers', path: '/customers', title: 'nav.customers', icon: <SearchOutlined />, perms: ['customers.read'], component: page(() => import('../pages/customers/CustomerSearchPage')) },
  { key: 'customer360', path: '/customers/:id', title: 'nav.customer360', perms: ['customers.read'], hidden: true, component: page(() => import('../pages/customers/Customer360Page')) },
  { key: 'network', path: '/network', title: 'nav.network', icon: <NodeIndexOutlined />, perms: ['network.read'], component: page(() => import('../pages/network/NetworkPage')) },
  { key: 'orgs', path: '/admin/orgs', title: 'nav.orgs', icon: <ApartmentOutlined />, perms: ['org.read'], group: 'admin', component: page(() => import('../pages/admin/OrgTreePage')) },
  { key: 'users', path: '/admin/users', title: 'nav.users', icon: <TeamOutlined />, perms: ['users.read'], group: 'admin', component: page(() => import('../pages/admin/UsersPage')) },
  { key: 'audit', path: '/admin/audit', title: 'nav.audit', icon: <AuditOutlined />, perms: ['audit.read'], group: 'admin', component: page(() => import('../pages/admin/AuditPage')) },
  { key: 'sla', path: '/admin/sla', title: 'slaAdmin.title', icon: <FieldTimeOutlined />, perms: ['sla.admin'], group: 'admin', component: page(() => import('../pages/sla/SlaAdminPage')) },
  { key: 'territory', path: '/admin/territory', title: 'territory.title', icon: <GlobalOutlined />, perms: ['territory.admin'], group: 'admin', component: page(() => import('../pages/admin/TerritoryPage')) },
  { key: 'tokens', path: '/admin/tokens', title: 'tokens.title', icon: <KeyOutlined />, perms: ['tokens.write'], group: 'admin', component: page(() => import('../pages/admin/TokensPage')) },
  { key: 'tariffs', path: '/billing/tariffs', title: 'bill.title', icon: <AccountBookOutlined />, perms: ['billing.read'], component: page(() => import('../pages/billing/TariffsPage')) },
  { key: 'callCentre', path: '/quality/call-centre', title: 'qa.nav.callCentre', icon: <PhoneOutlined />, perms: ['analytics.read'], group: 'quality', component: page(() => import('../pages/analytics/CallCentrePage')) },
  { key: 'staffing', path: '/quality/staffing', title: 'qa.nav.staffing', icon: <TeamOutlined />, perms: ['analytics.read'], group: 'quality', component: page(() => import('../pages/analytics/StaffingPage')) },
  { key: 'callImports', path: '/quality/imports', title: 'qa.nav.imports', icon: <FormOutlined />, perms: ['analytics.read'], group: 'quality', component: page(() => import('../pages/analytics/ImportsPage')) },
  // connections (业扩报装) and large customers
  { key: 'connWorkbench', path: '/connections', title: 'conn.nav.workbench', icon: <UnorderedListOutlined />, perms: ['connections.read'], group: 'connections', component: page(() => import('../pages/connections/WorkbenchPage')) },
  { key: 'connNew', path: '/connections/new', title: 'conn.nav.new', icon: <FormOutlined />, perms: ['connections.write'], group: 'connections', component: page(() => import('../pages/connections/NewApplicationPage')) },
  { key: 'connLarge', path: '/connections/large-customers', title: 'conn.nav.large', icon: <CrownOutlined />, perms: ['connections.read'], group: 'connections', component: page(() => import('../pages/connections/LargeCustomersPage')) },
  { key: 'connPolicy', path: '/connections/policy', title: 'conn.nav.policy', icon: <FieldTimeOutlined />, perms: ['connections.read'], group: 'connections', component: page(() => import('../pages/connections/ConnectionPolicyPage')) },
  { key: 'connDetail', path: '/connections/:id', title: 'conn.nav.detail', perms: ['connections.read'], hidden: true, component: page(() => import('../pages/connections/ApplicationDetailPage')) },
  { key: 'portalConnections', path: '/portal/connections', title: 'conn.nav.portal', icon: <ApiOutlined />, perms: ['self.read'], group: 'portal', component: page(() => import('../pages/connections/PortalConnectionsPage')) },
  { key: 'portalConnection', path: '/portal/connections/:id', title: 'conn.nav.portalDetail', perms: ['self.read'], hidden: true, component: page(() => import('../pages/connections/PortalConnectionPage')) },
  { key: 'billRuns', path: '/billing/runs', title: 'billrun.workbench', icon: <AccountBookOutlined />, perms: ['billing.read'], component: page(() => import('../pages/billing/BillRunsPage')) },
  { key: 'billStatement', path: '/billing/accounts/:accountId', title: 'billrun.statement', perms: ['billing.read'], hidden: true, component: page(() => import('../pages/billing/AccountStatementPage')) },
  { key: 'readingEntry', path: '/billing/reading-entry', title: 'billrun.entry', icon: <FormOutlined />, perms: ['billing.write'], component: page(() => import('../pages/billing/ReadingEntryPage')) },
  { key: 'portalBills', path: '/portal/bills', title: 'billrun.myBills', icon: <AccountBookOutlined />, perms: ['self.read'], group: 'portal', component: page(() => import('../pages/portal/PortalBillsPage')) },
  { key: 'ledger', path: '/ledger', title: 'ledger.title', icon: <CalculatorOutlined />, perms: ['ledger.read'], component: page(() => import('../pages/ledger/LedgerPage')) },
  { key: 'password', path: '/account/password', title: 'nav.password', icon: <LockOutlined />, perms: [], hidden: true, component: page(() => import('../pages/account/PasswordPage')) },
];

export function allowed(s: Screen, perms: readonly Permission[]): boolean {
  return s.perms.every((p) => perms.includes(p));
}

/** Screens anyone may open without logging in (the public outage page of the portal). */
export const PUBLIC_SCREENS: Screen[] = [
  { key: 'publicOutages', path: '/public/outages', title: 'nav.publicOutages', perms: [], component: page(() => import('../pages/public/PublicOutagesPage')) },
];
