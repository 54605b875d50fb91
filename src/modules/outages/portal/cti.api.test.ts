import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../../test/support/app.js';

test('CTI screen-pop shows the outage interrupting the caller, and a planned outage ahead', async () => {
  const t = await testApp({ customers: 300 });
  const tr = (await t.db.query(`SELECT transformer_id AS id FROM service_points GROUP BY transformer_id HAVING count(*) >= 3 ORDER BY transformer_id LIMIT 1`))
    .rows[0].id;
  const sps = (
    await t.db.query(`SELECT sp.id, c.phone FROM service_points sp JOIN customers c ON c.id = sp.customer_id WHERE sp.transformer_id = $1 ORDER BY sp.id`, [tr])
  ).rows;
  const taker = await t.login('calltaker');
  const before = (await taker.req('GET', `/api/cti/lookup?phone=${sps[2].phone}`)).json();
  assert.deepEqual(before.outages, []);
  assert.match(before.phone, /^\d{3}\*{4}\d{4}$/);

  await taker.req('POST', '/api/outages/calls', { servicePointId: sps[0].id });
  const second = await taker.req('POST', '/api/outages/calls', { servicePointId: sps[1].id });
  const outage = second.json().outage;
  assert.equal(outage.deviceId, tr);

  // a neighbour who has not called yet is already inside the predicted outage
  const pop = (await taker.req('GET', `/api/cti/lookup?phone=${sps[2].phone}`)).json();
  assert.equal(pop.outages.length, 1);
  assert.equal(pop.outages[0].outageId, outage.id);
  assert.equal(pop.outages[0].servicePointId, sps[2].id);
  assert.equal(pop.outages[0].status, 'predicted');

  // a planned outage on the same transformer next month
  const disp = await t.login('dispatcher');
  const start = new Date(Date.now() + 30 * 86400_000);
  const plan = await disp.req('POST', '/api/planned-outages', {
    kind: 'planned',
    deviceIds: [tr],
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 4 * 3600_000).toISOString(),
    reason: '线路检修',
  });
  assert.equal(plan.statusCode, 201, plan.body);
  const pop2 = (await taker.req('GET', `/api/cti/lookup?phone=${sps[2].phone}`)).json();
  const planned = pop2.outages.find((o: { kind: string; plannedId: number | null }) => o.plannedId !== null);
  assert.ok(planned, JSON.stringify(pop2.outages));
  assert.equal(new Date(planned.startsAt).toISOString(), start.toISOString());

  // roles without cti.lookup are refused
  const crew = await t.login('crew1');
  assert.equal((await crew.req('GET', `/api/cti/lookup?phone=${sps[2].phone}`)).statusCode, 403);
});
