import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../../test/support/app.js';
import { warnUnacceptedAssignments } from './acceptance-watch.js';

async function setup() {
  const t = await testApp({ customers: 300 });
  const tr = (
    await t.db
      .query(`SELECT d.id, d.lon, d.lat FROM network_devices d JOIN org_units ou ON ou.id = d.org_unit_id WHERE d.kind = 'transformer' AND ou.code = 'SF-QH-CG'
      AND (SELECT count(*) FROM service_points WHERE transformer_id = d.id) >= 3 ORDER BY d.id LIMIT 1`)
  ).rows[0];
  const sps = (await t.db.query('SELECT id FROM service_points WHERE transformer_id = $1 ORDER BY id', [tr.id])).rows.map((r) => r.id as number);
  const crewId = async (name: string) => (await t.db.query('SELECT id FROM crews WHERE name = $1', [name])).rows[0].id as number;
  const taker = await t.login('calltaker');
  const disp = await t.login('dispatcher');
  await taker.req('POST', '/api/outages/calls', { servicePointId: sps[0] });
  const outage = (await taker.req('POST', '/api/outages/calls', { servicePointId: sps[1] })).json().outage as { id: number };
  assert.equal((await disp.req('POST', `/api/outages/${outage.id}/confirm`, {})).statusCode, 200);
  return { ...t, tr, disp, outageId: outage.id, one: await crewId('城关抢修一班'), two: await crewId('城关抢修二班'), hexi: await crewId('河西抢修班') };
}

const count = async (t: { db: { query: (s: string, p?: unknown[]) => Promise<{ rows: { n: number }[] }> } }, sql: string, p: unknown[] = []) =>
  (await t.db.query(sql, p)).rows[0].n;

test('the assigned crew accepts (who, when) before it may depart; depart before acceptance is 409 with the state and allowed actions, nothing written', async () => {
  const t = await setup();
  const crew1 = await t.login('crew1');
  const crew2 = await t.login('crew2');
  const assigned = (await t.disp.req('POST', `/api/outages/${t.outageId}/assign`, { crewId: t.one })).json();
  assert.equal(assigned.status, 'crew_assigned');
  assert.equal(assigned.acceptance, 'awaiting');
  assert.ok(assigned.acceptDueAt, 'the acknowledgement is due');
  assert.equal(new Date(assigned.acceptDueAt).getTime() - new Date(assigned.timeline.at(-1).at).getTime(), 5 * 60_000, 'policy dispatch: 5 minutes');
  assert.equal(assigned.acceptOverdue, false);

  const audits = await count(t, 'SELECT count(*)::int AS n FROM audit_log');
  const events = await count(t, 'SELECT count(*)::int AS n FROM outage_events WHERE outage_id = $1', [t.outageId]);
  const early = await crew1.req('POST', `/api/outages/${t.outageId}/depart`, {});
  assert.equal(early.statusCode, 409);
  const body = early.json();
  assert.equal(body.reason, 'not_accepted');
  assert.equal(body.status, 'crew_assigned');
  assert.equal(body.acceptance, 'awaiting');
  assert.deepEqual(body.allowed, ['etr', 'assign', 'accept', 'decline']);
  assert.match(body.messages.en, /not accepted/);
  assert.match(body.messages['zh-CN'], /尚未接单/);
  assert.equal(await count(t, 'SELECT count(*)::int AS n FROM audit_log'), audits, 'a refused step writes nothing');
  assert.equal(await count(t, 'SELECT count(*)::int AS n FROM outage_events WHERE outage_id = $1', [t.outageId]), events);

  // only the assigned crew answers: a dispatcher cannot accept for it (403), another station's crew cannot even see it (404)
  assert.equal((await t.disp.req('POST', `/api/outages/${t.outageId}/accept`, {})).statusCode, 403);
  assert.equal((await crew2.req('POST', `/api/outages/${t.outageId}/accept`, {})).statusCode, 404);
  assert.equal((await crew2.req('POST', `/api/outages/${t.outageId}/decline`, { reason: '不是我们的' })).statusCode, 404);

  const ok = await crew1.req('POST', `/api/outages/${t.outageId}/accept`, {});
  assert.equal(ok.statusCode, 200, ok.body);
  const d = ok.json();
  assert.equal(d.status, 'crew_assigned');
  assert.equal(d.acceptance, 'accepted');
  assert.equal(d.acceptedBy, '抢修 孙强');
  assert.ok(d.acceptedAt);
  assert.equal(d.acceptDueAt, null);
  const row = (await t.db.query(`SELECT o.accepted_at, u.username FROM outages o JOIN users u ON u.id = o.accepted_by WHERE o.id = $1`, [t.outageId])).rows[0];
  assert.equal(row.username, 'crew1');
  const last = d.timeline.at(-1);
  assert.deepEqual(
    [last.action, last.fromStatus, last.toStatus, last.actor, last.data.crewId],
    ['accept_assignment', 'crew_assigned', 'crew_assigned', '抢修 孙强', t.one],
  );
  const audit = (await t.db.query(`SELECT actor_name, after FROM audit_log WHERE action = 'outage.accept_assignment' AND entity_id = $1`, [String(t.outageId)]))
    .rows;
  assert.equal(audit.length, 1);
  assert.equal(audit[0].actor_name, '抢修 孙强');

  const twice = await crew1.req('POST', `/api/outages/${t.outageId}/accept`, {});
  assert.equal(twice.statusCode, 409);
  assert.equal(twice.json().reason, 'already_accepted');
  assert.deepEqual(twice.json().allowed, ['etr', 'assign', 'depart']);
  assert.equal((await crew1.req('POST', `/api/outages/${t.outageId}/decline`, { reason: '改变主意' })).json().reason, 'already_accepted');
  const crewPanel = (await t.disp.req('GET', '/api/crews')).json().find((c: { id: number }) => c.id === t.one);
  assert.equal(crewPanel.outage.acceptance, 'accepted');

  const gone = await crew1.req('POST', `/api/outages/${t.outageId}/depart`, {});
  assert.equal(gone.statusCode, 200, gone.body);
  assert.equal(gone.json().status, 'en_route');
  assert.equal(gone.json().acceptance, null);
});

test('a decline needs a reason, goes back to the dispatcher as needing a crew, shows on the outage and crew panel, and the decliner is suggested last', async () => {
  const t = await setup();
  const crew1 = await t.login('crew1');
  const now = Date.now();
  for (const id of [t.one, t.two])
    await t.disp.req('POST', `/api/crews/${id}/shifts`, {
      startsAt: new Date(now - 3600_000).toISOString(),
      endsAt: new Date(now + 8 * 3600_000).toISOString(),
    });
  // crew one is nearer than crew two
  await t.db.query('UPDATE crews SET lon = $2, lat = $3, position_at = now() WHERE id = $1', [t.one, t.tr.lon + 0.01, t.tr.lat]);
  await t.db.query('UPDATE crews SET lon = $2, lat = $3, position_at = now() WHERE id = $1', [t.two, t.tr.lon + 0.05, t.tr.lat]);
  const ranked = async () =>
    (await t.disp.req('GET', `/api/outages/${t.outageId}/dispatch-suggestions`))
      .json()
      .ranked.map((r: { crewId: number; declined?: boolean }) => [r.crewId, r.declined ?? false]);
  assert.deepEqual(await ranked(), [
    [t.one, false],
    [t.two, false],
  ]);
  await t.disp.req('POST', `/api/outages/${t.outageId}/assign`, { crewId: t.one });

  const audits = await count(t, 'SELECT count(*)::int AS n FROM audit_log');
  const missing = await crew1.req('POST', `/api/outages/${t.outageId}/decline`, {});
  assert.equal(missing.statusCode, 400);
  assert.match(JSON.stringify(missing.json().details), /reason/);
  const blank = await crew1.req('POST', `/api/outages/${t.outageId}/decline`, { reason: '   ' });
  assert.equal(blank.statusCode, 400);
  assert.equal(blank.json().details[0].field, 'body.reason');
  assert.match(blank.json().messages['zh-CN'], /原因/);
  assert.match(blank.json().messages.en, /reason/);
  assert.equal(await count(t, 'SELECT count(*)::int AS n FROM audit_log'), audits, 'bad input writes nothing');
  assert.equal(
    (await t.disp.req('POST', `/api/outages/${t.outageId}/decline`, { reason: '替班组拒绝' })).statusCode,
    403,
    'a dispatcher cannot decline for the crew',
  );

  const declined = await crew1.req('POST', `/api/outages/${t.outageId}/decline`, { reason: '班组正在另一处抢修，车辆不在' });
  assert.equal(declined.statusCode, 200, declined.body);
  const d = declined.json();
  assert.equal(d.status, 'confirmed');
  assert.equal(d.crew, null);
  assert.equal(d.declined, true);
  assert.deepEqual([d.lastDecline.crewId, d.lastDecline.by, d.lastDecline.reason], [t.one, '抢修 孙强', '班组正在另一处抢修，车辆不在']);
  assert.equal(d.declines.length, 1);
  const last = d.timeline.at(-1);
  assert.deepEqual(
    [last.action, last.fromStatus, last.toStatus, last.data.reason, last.data.crewId],
    ['decline_assignment', 'crew_assigned', 'confirmed', '班组正在另一处抢修，车辆不在', t.one],
  );
  assert.equal(
    await count(t, `SELECT count(*)::int AS n FROM audit_log WHERE action = 'outage.decline_assignment' AND entity_id = $1`, [String(t.outageId)]),
    1,
  );
  assert.equal((await t.db.query('SELECT status FROM crews WHERE id = $1', [t.one])).rows[0].status, 'available', 'the crew is free again');
  const listed = (await t.disp.req('GET', '/api/outages')).json().find((o: { id: number }) => o.id === t.outageId);
  assert.equal(listed.declined, true);
  assert.equal(listed.lastDecline.reason, '班组正在另一处抢修，车辆不在');
  const panel = (await t.disp.req('GET', '/api/crews')).json().find((c: { id: number }) => c.id === t.one);
  assert.equal(panel.outage, null);
  assert.deepEqual([panel.declined.outageId, panel.declined.reason], [t.outageId, '班组正在另一处抢修，车辆不在']);
  assert.equal((await crew1.req('POST', `/api/outages/${t.outageId}/accept`, {})).json().reason, 'invalid_transition', 'nothing left to accept');

  assert.deepEqual(
    await ranked(),
    [
      [t.two, false],
      [t.one, true],
    ],
    'the declining crew comes last for this outage',
  );

  // crew two (no phone user of crew1's) is assigned: crew1 is in scope but not of that crew → 403
  const re = (await t.disp.req('POST', `/api/outages/${t.outageId}/assign`, { crewId: t.two })).json();
  assert.equal(re.acceptance, 'awaiting');
  assert.equal(re.declined, false);
  assert.equal((await crew1.req('POST', `/api/outages/${t.outageId}/accept`, {})).statusCode, 403);
  assert.equal((await crew1.req('POST', `/api/outages/${t.outageId}/decline`, { reason: 'x' })).statusCode, 403);
});

test('no acknowledgement within the policy minutes: the dispatchers are warned once (timeline, outbox, audit); the limit is policy data', async () => {
  const t = await setup();
  const admin = await t.login('admin');
  await t.disp.req('POST', `/api/outages/${t.outageId}/assign`, { crewId: t.one });
  assert.deepEqual(await warnUnacceptedAssignments(t.db), { warned: 0, notified: 0 }, 'not due yet');
  await t.db.query(`UPDATE outages SET assigned_at = assigned_at - interval '6 minutes' WHERE id = $1`, [t.outageId]);
  const listed = (await t.disp.req('GET', '/api/outages')).json().find((o: { id: number }) => o.id === t.outageId);
  assert.equal(listed.acceptance, 'awaiting');
  assert.equal(listed.acceptOverdue, true);

  const dispatchers = await count(
    t,
    `SELECT count(*)::int AS n FROM users u JOIN org_units ou ON ou.id = u.org_unit_id, outages o
      WHERE o.id = $1 AND u.role = 'dispatcher' AND u.active AND o.org_path LIKE ou.path || '%' AND (u.email IS NOT NULL OR u.phone ~ '^1[3-9][0-9]{9}$')`,
    [t.outageId],
  );
  assert.ok(dispatchers >= 1, 'the demo dispatcher can be told');
  const r = await warnUnacceptedAssignments(t.db);
  assert.deepEqual(r, { warned: 1, notified: dispatchers });
  const msgs = (await t.db.query(`SELECT body, payload FROM outbox WHERE event = 'outage.acceptance_overdue'`)).rows;
  assert.equal(msgs.length, dispatchers);
  assert.match(msgs[0].body, /未接单/);
  assert.equal(Number(msgs[0].payload.outageId), t.outageId);
  const d = (await t.disp.req('GET', `/api/outages/${t.outageId}`)).json();
  assert.ok(d.acceptanceWarnedAt);
  assert.equal(d.timeline.at(-1).action, 'acceptance_overdue');
  assert.equal(
    await count(t, `SELECT count(*)::int AS n FROM audit_log WHERE action = 'outage.acceptance_overdue' AND entity_id = $1`, [String(t.outageId)]),
    1,
  );
  assert.deepEqual(await warnUnacceptedAssignments(t.db), { warned: 0, notified: 0 }, 'warned once');

  // a late acceptance still works; a reassignment starts a new wait
  const crew1 = await t.login('crew1');
  assert.equal((await crew1.req('POST', `/api/outages/${t.outageId}/accept`, {})).json().acceptance, 'accepted');

  // the limit is policy data, checked field by field
  const policy = (await admin.req('GET', '/api/outages/policies')).json().find((p: { name: string }) => p.name === 'dispatch');
  assert.equal(policy.data.acceptWithinMinutes, 5);
  const bad = await admin.req('PUT', '/api/outages/policies/dispatch', { data: { ...policy.data, acceptWithinMinutes: 0 } });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().details[0].field, 'body.data.acceptWithinMinutes');
  assert.equal((await admin.req('PUT', '/api/outages/policies/dispatch', { data: { ...policy.data, acceptWithinMinutes: 15 } })).statusCode, 200);
  const again = (await t.disp.req('POST', `/api/outages/${t.outageId}/assign`, { crewId: t.one })).json();
  assert.equal(again.acceptance, 'awaiting', 'reassigned: a new acknowledgement is needed');
  assert.equal(again.acceptanceWarnedAt, null);
  assert.equal(new Date(again.acceptDueAt).getTime() - new Date(again.timeline.at(-1).at).getTime(), 15 * 60_000);
});
