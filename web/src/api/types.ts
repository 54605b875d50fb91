/** Shapes of the foundation API (identity, org, customers, network, audit). */
import type { Reply } from './http';
export interface Me {
  id: number;
  name: string;
  role: string;
  roleName: { zh: string; en: string };
  orgUnitId: number;
  orgUnitName?: string;
  customerId: number | null;
  permissions: string[];
  csrfToken: string;
  mapTileUrl?: string | null;
}

export interface Page<T> {
  total: number;
  items: T[];
}

/** Lists that page without counting (large tables): `hasMore` says whether a next page exists. */
export interface Slice<T> {
  items: T[];
  hasMore: boolean;
}

export interface RoleInfo {
  role: string;
  name: { zh: string; en: string };
  permissions: string[];
}

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: string;
  orgUnitId: number;
  orgUnitName?: string;
  phone?: string | null;
  email?: string | null;
  active: boolean;
  locked: boolean;
}

export type OrgUnit = Reply<'/api/org-units/{id}', 'get'>;
export type OrgLevel = OrgUnit['level'];
export type AreaType = OrgUnit['areaType'];

export interface CustomerListItem {
  id: number;
  name: string;
  kind: string;
  phone?: string | null;
  accountNos: string[];
  address?: string | null;
  customerClass?: string | null;
  orgUnitName?: string | null;
}

export interface DeviceRef {
  id: number;
  code: string;
  name: string;
}

export interface Meter {
  id: number;
  meterNo: string;
  kind: string;
}

export interface ServicePoint {
  id: number;
  accountId: number;
  address: string;
  lon: number | null;
  lat: number | null;
  customerClass: string;
  contractedKva: number | string | null;
  supplyVoltageKv: number | string | null;
  important: boolean;
  transformer?: DeviceRef | null;
  feeder?: DeviceRef | null;
  substation?: DeviceRef | null;
  meters: Meter[];
}

export interface Customer360 {
  customer: {
    id: number;
    name: string;
    kind: string;
    phone?: string | null;
    idNumber?: string | null;
    email?: string | null;
    orgUnitId: number;
    orgUnitName?: string;
  };
  accounts: { id: number; accountNo: string; status: string }[];
  servicePoints: ServicePoint[];
}

export interface Device {
  id: number;
  kind: string;
  code: string;
  name: string;
  parentId: number | null;
  lon: number | null;
  lat: number | null;
}

export interface Downstream {
  devices: Device[];
  servicePoints: number;
  customers: number;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actorName?: string | null;
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
}
