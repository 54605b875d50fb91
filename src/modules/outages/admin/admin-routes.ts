/** Supervision and administration of outages: repeat-fault flags (list, acknowledge) and policies (read, add a version). */
import { Type } from 'typebox';
import type { App } from '../../../http/typed.js';
import type { AppContext } from '../../../http/context.js';
import { principal } from '../../../http/auth.js';
import { IdParams, ok } from '../../../http/schemas.js';
import { AcknowledgedSchema, PolicyBody, PolicyParams, PolicySavedSchema, PolicySchema, RepeatFaultFlagSchema, RepeatFaultQuery } from '../schemas.js';
import { acknowledgeRepeatFault, listRepeatFaults } from './repeat-fault-flags.js';
import { addPolicyVersion, listPolicies } from './policy-admin.js';

export function registerOutageAdminRoutes(app: App, { db }: AppContext) {
  const tags = ['outages'];

  app.get(
    '/api/outages/repeat-faults',
    { config: { permission: 'outages.read' }, schema: { tags, querystring: RepeatFaultQuery, response: ok(Type.Array(RepeatFaultFlagSchema)) } },
    async (req) => listRepeatFaults(db, principal(req), req.query),
  );

  app.post(
    '/api/outages/repeat-faults/:id/acknowledge',
    { config: { permission: 'outages.supervise' }, schema: { tags, params: IdParams, response: ok(AcknowledgedSchema) } },
    async (req) => acknowledgeRepeatFault(db, principal(req), req.params.id),
  );

  app.get('/api/outages/policies', { config: { permission: 'outages.read' }, schema: { tags, response: ok(Type.Array(PolicySchema)) } }, async () =>
    listPolicies(db),
  );

  app.put(
    '/api/outages/policies/:name',
    { config: { permission: 'outages.admin' }, schema: { tags, params: PolicyParams, body: PolicyBody, response: ok(PolicySavedSchema) } },
    async (req) => addPolicyVersion(db, principal(req), req.params.name, req.body),
  );
}
