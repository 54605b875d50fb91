/**
 * The customers module's contract: search, the 360° view, personal data and edits, every request
 * and response shape declared once. The service's types are derived from these (Static<typeof …>).
 */
import { Type, type Static } from 'typebox';
import { Body, DateTime, Email, Id, IdNumber, Lat, Lon, Nullable, Paging, Phone, Query, Text } from '../../platform/schema.js';

export const CustomerKindSchema = Type.Enum(['person', 'organisation']);
export const CustomerClassSchema = Type.Enum(['residential', 'lv_nonresidential', 'hv']);
export const AccountStatusSchema = Type.Enum(['active', 'suspended', 'closed']);

export const CustomerSearchQuery = Query({ q: Type.Optional(Type.String({ maxLength: 100 })), ...Paging });
export type CustomerSearch = Static<typeof CustomerSearchQuery>;
export const CustomerListItem = Type.Object({
  id: Id,
  name: Type.String(),
  kind: CustomerKindSchema,
  phone: Nullable(Type.String()),
  accountNos: Type.Array(Type.String()),
  address: Nullable(Type.String()),
  customerClass: Nullable(CustomerClassSchema),
  orgUnitName: Type.String(),
});
/** A page of search hits without a count: `hasMore` says whether a next page exists. */
export const CustomerSlice = Type.Object({ items: Type.Array(CustomerListItem), hasMore: Type.Boolean() });
export type CustomerSliceAnswer = Static<typeof CustomerSlice>;

/** The customer as the 360° view shows it: phone and ID number masked. */
export const CustomerSchema = Type.Object({
  id: Id,
  name: Type.String(),
  kind: CustomerKindSchema,
  phone: Nullable(Type.String()),
  idNumber: Nullable(Type.String()),
  email: Nullable(Type.String()),
  orgUnitId: Id,
  orgUnitName: Type.String(),
  orgUnitNameEn: Nullable(Type.String()),
  createdAt: DateTime(),
});
export const AccountSchema = Type.Object({ id: Id, accountNo: Type.String(), status: AccountStatusSchema });
export const DeviceRefSchema = Type.Object({ id: Id, code: Type.String(), name: Type.String() });
export const MeterSchema = Type.Object({ id: Id, meterNo: Type.String(), kind: Type.String() });
export const ServicePointSchema = Type.Object({
  id: Id,
  accountId: Id,
  address: Type.String(),
  lon: Nullable(Lon()),
  lat: Nullable(Lat()),
  customerClass: CustomerClassSchema,
  /** numeric columns, sent as numbers */
  contractedKva: Type.Number(),
  supplyVoltageKv: Type.Number(),
  important: Type.Boolean(),
  transformer: Nullable(DeviceRefSchema),
  feeder: Nullable(DeviceRefSchema),
  substation: Nullable(DeviceRefSchema),
  meters: Type.Array(MeterSchema),
});
export const Customer360Schema = Type.Object({ customer: CustomerSchema, accounts: Type.Array(AccountSchema), servicePoints: Type.Array(ServicePointSchema) });
export type Customer360 = Static<typeof Customer360Schema>;
/** The portal's own view: a customer login not linked to a customer gets `customer: null` and empty lists. */
export const OwnCustomer360 = Type.Object({
  customer: Nullable(CustomerSchema),
  accounts: Type.Array(AccountSchema),
  servicePoints: Type.Array(ServicePointSchema),
});
export type OwnCustomer360Answer = Static<typeof OwnCustomer360>;

/** Full phone and ID number (customers.pii; every read audited). */
export const CustomerPii = Type.Object({ phone: Nullable(Type.String()), idNumber: Nullable(Type.String()) });
export type CustomerPiiAnswer = Static<typeof CustomerPii>;

export const CustomerPatchBody = Body({
  name: Type.Optional(Text(100)),
  phone: Type.Optional(Phone),
  email: Type.Optional(Email),
  idNumber: Type.Optional(IdNumber),
});
export type CustomerPatch = Static<typeof CustomerPatchBody>;
/** The edited contact data, masked. */
export const CustomerUpdated = Type.Object({
  id: Id,
  name: Type.String(),
  phone: Nullable(Type.String()),
  email: Nullable(Type.String()),
  idNumber: Nullable(Type.String()),
});
export type CustomerUpdatedAnswer = Static<typeof CustomerUpdated>;
