/** HTTP for callbacks, IVR ratings, SLA policies, the service-desk settings and the working-day calendar. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../http/context.js';
import { principal } from '../../../http/auth.js';
import { IdParams } from '../../../http/schemas.js';
import { getSlaContext } from '../../../platform/sla/sla-context.js';
import { ingestIvrRating, listCallbacks, recordCallback, type CallbackInput } from '../callbacks/callbacks.js';
import { createPolicy, listCalendar, listPolicies, replaceCalendarYear, setActivePolicySet, updatePolicy, type PolicyInput } from '../sla/sla-admin.js';
import { CalendarYearBody, CallbackBody, CallbackQuery, DeadlineQuery, DeskSettingsBody, IvrBody, PolicyBody, PolicyPatch, SettingsBody, YearParams } from './schemas.js';
import { readDeskSettings, updateDeskSettings } from '../settings/desk-settings.js';
import type { DeskSettings } from '../settings/desk-settings-rules.js';
import type { CalendarDayEntry, DeadlineConvention } from '../../../platform/calendar/work-calendar.js';

type WithId = { id: number };

export function registerWorkorderServiceRoutes(app: FastifyInstance, { db }: AppContext) {
  // GET /api/cti/lookup is registered by the outages module, which adds outages to this module's ctiLookup.

  app.get('/api/callbacks', { config: { permission: 'workorders.callback' }, schema: { tags: ['callbacks'], querystring: CallbackQuery } }, async (req) => {
    const q = req.query as { status?: 'pending' | 'done'; limit: number; offset: number };
    return { items: await listCallbacks(db, principal(req), q.status ?? 'pending', q.limit, q.offset) };
  });
  app.post('/api/callbacks/:id/result', { config: { permission: 'workorders.callback' }, schema: { tags: ['callbacks'], params: IdParams, body: CallbackBody } }, async (req) =>
    recordCallback(db, principal(req), (req.params as WithId).id, req.body as CallbackInput));
  app.post('/api/ratings/ivr', { config: { permission: 'workorders.callback' }, schema: { tags: ['callbacks'], body: IvrBody } }, async (req, reply) => {
    const r = await ingestIvrRating(db, principal(req), req.body as { orderNo: string; callId: string; score: number });
    return reply.status(r.stored ? 201 : 200).send(r);
  });

  app.get('/api/sla/policies', { config: { permission: 'workorders.read' }, schema: { tags: ['sla'] } }, async () => listPolicies(db));
  app.post('/api/sla/policies', { config: { permission: 'sla.admin' }, schema: { tags: ['sla'], body: PolicyBody } }, async (req, reply) =>
    reply.status(201).send(await createPolicy(db, principal(req), req.body as PolicyInput)));
  app.patch('/api/sla/policies/:id', { config: { permission: 'sla.admin' }, schema: { tags: ['sla'], params: IdParams, body: PolicyPatch } }, async (req) =>
    updatePolicy(db, principal(req), (req.params as WithId).id, req.body as never));
  app.put('/api/sla/settings', { config: { permission: 'sla.admin' }, schema: { tags: ['sla'], body: SettingsBody } }, async (req) =>
    setActivePolicySet(db, principal(req), (req.body as { activePolicySet: string }).activePolicySet));

  app.get('/api/workorders/settings', { config: { permission: 'workorders.read' }, schema: { tags: ['sla'], description: '受理设置 / service-desk settings: duplicate and reopen windows, callback sample, backdating per channel, escalation steps' } }, async () =>
    readDeskSettings(db));
  app.put('/api/workorders/settings', { config: { permission: 'sla.admin' }, schema: { tags: ['sla'], body: DeskSettingsBody } }, async (req) =>
    updateDeskSettings(db, principal(req), req.body as Partial<DeskSettings>));

  app.get('/api/calendar/deadline', { config: { permission: 'workorders.read' }, schema: { tags: ['calendar'], querystring: DeadlineQuery } }, async (req) => {
    const q = req.query as { from: string; workingDays: number; convention?: DeadlineConvention };
    const ctx = await getSlaContext(db);
    return { from: new Date(q.from).toISOString(), workingDays: q.workingDays, convention: q.convention ?? 'end_of_day', dueAt: ctx.calendar.addWorkingDays(new Date(q.from), q.workingDays, q.convention ?? 'end_of_day').toISOString() };
  });
  app.get('/api/calendar/:year', { config: { permission: 'workorders.read' }, schema: { tags: ['calendar'], params: YearParams } }, async (req) => listCalendar(db, (req.params as { year: number }).year));
  app.put('/api/calendar/:year', { config: { permission: 'sla.admin' }, schema: { tags: ['calendar'], params: YearParams, body: CalendarYearBody } }, async (req) =>
    replaceCalendarYear(db, principal(req), (req.params as { year: number }).year, (req.body as { days: CalendarDayEntry[] }).days));
}
