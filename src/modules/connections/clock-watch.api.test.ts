/**
 * The workbench's stored clock order follows a calendar change: new holidays over the coming days
 * (entered through the calendar admin of the work-order module) leave the stored due time alone
 * until the clock watch sees the SLA revision move and recomputes open applications; a second
 * run with no change recomputes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';
import { addDays } from '../../platform/calendar/dates.js';
import { watchClockRevision } from './background-jobs.js';

test('a calendar change reorders the stored clock columns through the revision watch', async () => {
  const t = await testApp({ customers: 20 });
  const m = await t.login('marketing');
  const admin = await t.login('admin');
  // the first run records the revision (and recomputes whatever is open)
  await watchClockRevision(t.db);
  const created = await m.req('POST', '/api/connections', {
    kind: 'new',
    customerClass: 'residential',
    channel: 'counter',
    applicantName: '李四',
    applicantPhone: '13800138001',
    address: '清河县城关镇新华路 2 号',
    voltageKv: 0.22,
    requestedKva: 8,
  });
  assert.equal(created.statusCode, 201, created.body);
  const id = created.json().id;
  const due = async () => (await t.db.query(`SELECT next_due_at FROM connection_applications WHERE id = $1`, [id])).rows[0].next_due_at as Date;
  const before = await due();
  assert.ok(before);

  // the next fourteen days become holidays (a typhoon closure, say) in this year's calendar
  const today = (await t.db.query(`SELECT to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS d`)).rows[0].d as string;
  const year = Number(today.slice(0, 4));
  const added = Array.from({ length: 14 }, (_, i) => addDays(today, i + 1)).filter((d) => d.startsWith(`${year}-`));
  assert.ok(added.length > 0, 'the test needs days left in the year');
  const current = (await admin.req('GET', `/api/calendar/${year}`)).json().days as { date: string; kind: string; name: string | null }[];
  const days = [
    ...current.filter((d) => !added.includes(d.date)).map((d) => ({ date: d.date, kind: d.kind, ...(d.name ? { name: d.name } : {}) })),
    ...added.map((date) => ({ date, kind: 'holiday', name: '临时停工' })),
  ];
  const saved = await admin.req('PUT', `/api/calendar/${year}`, { days });
  assert.equal(saved.statusCode, 200, saved.body);
  assert.equal((await due()).getTime(), before.getTime(), 'the stored column is not touched by the calendar admin itself');

  const r = await watchClockRevision(t.db);
  assert.ok(r.refreshed >= 1);
  const after = await due();
  assert.ok(after.getTime() > before.getTime(), `due ${before.toISOString()} → ${after.toISOString()}`);
  // and the detail's live clock agrees with the stored column
  const d = (await m.req('GET', `/api/connections/${id}`)).json();
  assert.equal(new Date(d.clocks[0].dueAt).getTime(), after.getTime());

  // nothing changed since: nothing recomputed
  assert.equal((await watchClockRevision(t.db)).refreshed, 0);
});
