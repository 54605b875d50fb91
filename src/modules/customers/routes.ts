import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.js';
import { principal } from '../../http/auth.js';
import { Body, IdNumber, IdParams, Paging, Phone, Query, Text } from '../../http/schemas.js';
import { searchCustomers } from './search.js';
import { getCustomer360, readCustomerPii, updateCustomer } from './service.js';

export function registerCustomerRoutes(app: FastifyInstance, { db }: AppContext) {
  app.get('/api/customers', {
    config: { permission: 'customers.read' },
    schema: { tags: ['customers'], querystring: Query({ q: Type.Optional(Type.String({ maxLength: 100 })), ...Paging }) },
  }, async (req) => searchCustomers(db, principal(req), req.query as never));

  app.get('/api/customers/:id', { config: { permission: 'customers.read' }, schema: { tags: ['customers'], params: IdParams } }, async (req) =>
    getCustomer360(db, principal(req), (req.params as { id: number }).id));

  app.get('/api/customers/:id/pii', { config: { permission: 'customers.pii' }, schema: { tags: ['customers'], params: IdParams } }, async (req) =>
    readCustomerPii(db, principal(req), (req.params as { id: number }).id));

  app.patch('/api/customers/:id', {
    config: { permission: 'customers.write' },
    schema: { tags: ['customers'], params: IdParams, body: Body({ name: Type.Optional(Text(100)), phone: Type.Optional(Phone), email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })), idNumber: Type.Optional(IdNumber) }) },
  }, async (req) => updateCustomer(db, principal(req), (req.params as { id: number }).id, req.body as never));

  // A customer's own 360° view in the portal.
  app.get('/api/me/customer', { config: { permission: 'self.read' }, schema: { tags: ['portal'] } }, async (req) => {
    const p = principal(req);
    if (!p.customerId) return { customer: null, accounts: [], servicePoints: [] };
    return getCustomer360(db, p, p.customerId);
  });
}
