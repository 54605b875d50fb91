/** Tabs of the 360° customer page; later areas (orders, outages) add theirs here. */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Customer360, Permission } from '../../../api/types';

export interface CustomerTab {
  key: string;
  title: string;
  perms: Permission[];
  component: LazyExoticComponent<ComponentType<{ data: Customer360 }>>;
}

export const CUSTOMER_TABS: CustomerTab[] = [
  { key: 'overview', title: 'customer.tabs.overview', perms: [], component: lazy(() => import('./OverviewTab')) },
  { key: 'points', title: 'customer.tabs.servicePoints', perms: [], component: lazy(() => import('./ServicePointsTab')) },
  { key: 'network', title: 'customer.tabs.network', perms: ['network.read'], component: lazy(() => import('./NetworkTab')) },
  { key: 'orders', title: 'customer.tabs.orders', perms: ['workorders.read'], component: lazy(() => import('./OrdersTab')) },
  { key: 'outages', title: 'customer.tabs.outages', perms: ['outages.read'], component: lazy(() => import('./OutagesTab')) },
  { key: 'connections', title: 'customer.tabs.connections', perms: ['connections.read'], component: lazy(() => import('./ConnectionsTab')) },
];
