import type { Principal } from '../identity/index.js';

/** The principal of payments' own background work (the credit sweep, the release hook): the system, over every org unit. */
export const SYSTEM_PRINCIPAL: Principal = {
  kind: 'token',
  id: 0,
  name: 'bill-credit-sweep',
  role: null,
  scopes: [],
  orgUnitId: 0,
  orgPath: '/',
  customerId: null,
  csrfToken: null,
  ip: null,
  userAgent: null,
};
