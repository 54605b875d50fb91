/**
 * Every screen of the console: where it lives, which permissions open it, where it sits in the menu.
 * The menu shows an entry only when the signed-in user's `permissions` (from /api/auth/me) allow it.
 */
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  AuditOutlined, ApartmentOutlined, HomeOutlined, LockOutlined, NodeIndexOutlined, SearchOutlined, TeamOutlined,
} from '@ant-design/icons';

export interface Screen {
  key: string;
  path: string;
  /** i18n key of the title */
  title: string;
  icon?: ReactNode;
  /** all of these are needed */
  perms: string[];
  /** menu group key (i18n nav.<group>), or none for top level */
  group?: string;
  /** not in the menu (detail pages) */
  hidden?: boolean;
  component: LazyExoticComponent<ComponentType>;
}

const page = (f: () => Promise<{ default: ComponentType }>) => lazy(f);

export const GROUPS: { key: string; title: string; icon: ReactNode }[] = [
  { key: 'admin', title: 'nav.admin', icon: <ApartmentOutlined /> },
];

export const SCREENS: Screen[] = [
  { key: 'home', path: '/', title: 'nav.home', icon: <HomeOutlined />, perms: [], component: page(() => import('../pages/home/HomePage')) },
  { key: 'customers', path: '/customers', title: 'nav.customers', icon: <SearchOutlined />, perms: ['customers.read'], component: page(() => import('../pages/customers/CustomerSearchPage')) },
  { key: 'customer360', path: '/customers/:id', title: 'nav.customer360', perms: ['customers.read'], hidden: true, component: page(() => import('../pages/customers/Customer360Page')) },
  { key: 'network', path: '/network', title: 'nav.network', icon: <NodeIndexOutlined />, perms: ['network.read'], component: page(() => import('../pages/network/NetworkPage')) },
  { key: 'orgs', path: '/admin/orgs', title: 'nav.orgs', icon: <ApartmentOutlined />, perms: ['org.read'], group: 'admin', component: page(() => import('../pages/admin/OrgTreePage')) },
  { key: 'users', path: '/admin/users', title: 'nav.users', icon: <TeamOutlined />, perms: ['users.read'], group: 'admin', component: page(() => import('../pages/admin/UsersPage')) },
  { key: 'audit', path: '/admin/audit', title: 'nav.audit', icon: <AuditOutlined />, perms: ['audit.read'], group: 'admin', component: page(() => import('../pages/admin/AuditPage')) },
  { key: 'password', path: '/account/password', title: 'nav.password', icon: <LockOutlined />, perms: [], hidden: true, component: page(() => import('../pages/account/PasswordPage')) },
];

export function allowed(s: Screen, perms: string[]): boolean {
  return s.perms.every((p) => perms.includes(p));
}

/** Screens anyone may open without logging in (the public outage page of the portal). */
export const PUBLIC_SCREENS: Screen[] = [];
