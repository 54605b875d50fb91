/** Shapes of the foundation API (identity, org, customers, network, audit), as the server's schemas declare them (schema.gen.ts). */
import type { Reply } from './http';

export type Me = Reply<'/api/auth/me', 'get'>;
/** Every permission, as the server's one list (src/modules/identity/permissions.ts) declares it in the contract. */
export type Permission = Me['permissions'][number];

export type RoleInfo = Reply<'/api/roles', 'get'>[number];

export type User = Reply<'/api/users', 'get'>['items'][number];

export type OrgUnit = Reply<'/api/org-units/{id}', 'get'>;
export type OrgLevel = OrgUnit['level'];
export type AreaType = OrgUnit['areaType'];

export type CustomerListItem = Reply<'/api/customers', 'get'>['items'][number];

export type Customer360 = Reply<'/api/customers/{id}', 'get'>;
export type ServicePoint = Customer360['servicePoints'][number];
export type DeviceRef = NonNullable<ServicePoint['transformer']>;
export type Meter = ServicePoint['meters'][number];

export type Device = Reply<'/api/network/devices', 'get'>[number];

export type Downstream = Reply<'/api/network/devices/{id}/downstream', 'get'>;

export type AuditEntry = Reply<'/api/audit', 'get'>['items'][number];
