import type { App } from '../../http/typed.js';
import type { AppContext } from '../../http/context.js';
import { principal } from '../../http/auth.js';
import { IdParams, ok } from '../../http/schemas.js';
import { searchCustomers } from './search.js';
import { getCustomer360, ownCustomer360, readCustomerPii, updateCustomer } from './service.js';
import { Customer360Schema, CustomerPatchBody, CustomerPii, CustomerSearchQuery, CustomerSlice, CustomerUpdated, OwnCustomer360 } from './schemas.js';

export function registerCustomerRoutes(app: App, { db }: AppContext) {
  app.get(
    '/api/customers',
    { config: { permission: 'customers.read' }, schema: { tags: ['customers'], querystring: CustomerSearchQuery, response: ok(CustomerSlice) } },
    async (req) => searchCustomers(db, principal(req), req.query),
  );

  app.get(
    '/api/customers/:id',
    { config: { permission: 'customers.read' }, schema: { tags: ['customers'], params: IdParams, response: ok(Customer360Schema) } },
    async (req) => getCustomer360(db, principal(req), req.params.id),
  );

  app.get(
    '/api/customers/:id/pii',
    { config: { permission: 'customers.pii' }, schema: { tags: ['customers'], params: IdParams, response: ok(CustomerPii) } },
    async (req) => readCustomerPii(db, principal(req), req.params.id),
  );

  app.patch(
    '/api/customers/:id',
    {
      config: { permission: 'customers.write' },
      schema: { tags: ['customers'], params: IdParams, body: CustomerPatchBody, response: ok(CustomerUpdated) },
    },
    async (req) => updateCustomer(db, principal(req), req.params.id, req.body),
  );

  // A customer's own 360° view in the portal.
  app.get('/api/me/customer', { config: { permission: 'self.read' }, schema: { tags: ['portal'], response: ok(OwnCustomer360) } }, async (req) =>
    ownCustomer360(db, principal(req)),
  );
}
