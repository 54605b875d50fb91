/** HTTP for callbacks, IVR ratings, SLA policies, the service-desk settings and the working-day calendar. */
import type { App } from '../../../http/typed.js';
import type { AppContext } from '../../../http/context.js';
import { principal } from '../../../http/auth.js';
import { IdParams, ok, oks } from '../../../http/schemas.js';
import { ingestIvrRating, listCallbacks, recordCallback } from '../callbacks/callbacks.js';
import { createPolicy, deadlineFrom, listCalendar, listPolicies, replaceCalendarYear, setActivePolicySet, updatePolicy } from '../sla/sla-admin.js';
import {
  CalendarSavedSchema,
  CalendarYearBody,
  CalendarYearSchema,
  CallbackAnswer,
  CallbackBody,
  CallbackListSchema,
  CallbackQuery,
  DeadlineQuery,
  DeadlineSchema,
  DeskSettingsBody,
  DeskSettingsSchema,
  IvrAnswer,
  IvrBody,
  PoliciesSchema,
  PolicyBody,
  PolicyPatch,
  PolicySavedSchema,
  SettingsAnswer,
  SettingsBody,
  YearParams,
} from '../schemas.js';
import { readDeskSettings, updateDeskSettings } from '../settings/desk-settings.js';

export function registerWorkorderServiceRoutes(app: App, { db }: AppContext) {
  // GET /api/cti/lookup is registered by the outages module, which adds outages to this module's ctiLookup.

  app.get(
    '/api/callbacks',
    { config: { permission: 'workorders.callback' }, schema: { tags: ['callbacks'], querystring: CallbackQuery, response: ok(CallbackListSchema) } },
    async (req) => ({ items: await listCallbacks(db, principal(req), req.query.status ?? 'pending', req.query.limit, req.query.offset) }),
  );
  app.post(
    '/api/callbacks/:id/result',
    { config: { permission: 'workorders.callback' }, schema: { tags: ['callbacks'], params: IdParams, body: CallbackBody, response: ok(CallbackAnswer) } },
    async (req) => recordCallback(db, principal(req), req.params.id, req.body),
  );
  app.post(
    '/api/ratings/ivr',
    { config: { permission: 'workorders.callback' }, schema: { tags: ['callbacks'], body: IvrBody, response: oks({ 200: IvrAnswer, 201: IvrAnswer }) } },
    async (req, reply) => {
      const r = await ingestIvrRating(db, principal(req), req.body);
      return reply.status(r.stored ? 201 : 200).send(r);
    },
  );

  app.get('/api/sla/policies', { config: { permission: 'workorders.read' }, schema: { tags: ['sla'], response: ok(PoliciesSchema) } }, async () =>
    listPolicies(db),
  );
  app.post(
    '/api/sla/policies',
    { config: { permission: 'sla.admin' }, schema: { tags: ['sla'], body: PolicyBody, response: ok(PolicySavedSchema, 201) } },
    async (req, reply) => reply.status(201).send(await createPolicy(db, principal(req), req.body)),
  );
  app.patch(
    '/api/sla/policies/:id',
    { config: { permission: 'sla.admin' }, schema: { tags: ['sla'], params: IdParams, body: PolicyPatch, response: ok(PolicySavedSchema) } },
    async (req) => updatePolicy(db, principal(req), req.params.id, req.body),
  );
  app.put(
    '/api/sla/settings',
    { config: { permission: 'sla.admin' }, schema: { tags: ['sla'], body: SettingsBody, response: ok(SettingsAnswer) } },
    async (req) => setActivePolicySet(db, principal(req), req.body.activePolicySet),
  );

  app.get(
    '/api/workorders/settings',
    {
      config: { permission: 'workorders.read' },
      schema: {
        tags: ['sla'],
        description: '受理设置 / service-desk settings: duplicate and reopen windows, callback sample, backdating per channel, escalation steps',
        response: ok(DeskSettingsSchema),
      },
    },
    async () => readDeskSettings(db),
  );
  app.put(
    '/api/workorders/settings',
    { config: { permission: 'sla.admin' }, schema: { tags: ['sla'], body: DeskSettingsBody, response: ok(DeskSettingsSchema) } },
    async (req) => updateDeskSettings(db, principal(req), req.body),
  );

  app.get(
    '/api/calendar/deadline',
    { config: { permission: 'workorders.read' }, schema: { tags: ['calendar'], querystring: DeadlineQuery, response: ok(DeadlineSchema) } },
    async (req) => deadlineFrom(db, req.query),
  );
  app.get(
    '/api/calendar/:year',
    { config: { permission: 'workorders.read' }, schema: { tags: ['calendar'], params: YearParams, response: ok(CalendarYearSchema) } },
    async (req) => listCalendar(db, req.params.year),
  );
  app.put(
    '/api/calendar/:year',
    { config: { permission: 'sla.admin' }, schema: { tags: ['calendar'], params: YearParams, body: CalendarYearBody, response: ok(CalendarSavedSchema) } },
    async (req) => replaceCalendarYear(db, principal(req), req.params.year, req.body.days),
  );
}
