/**
 * The CTI screen-pop shows the caller's connection applications: a new connection found by the
 * applicant's phone before it has a customer, with stage and due time; another phone shows none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';

test('the screen-pop lists the caller’s applications by phone', async () => {
  const t = await testApp({ customers: 20 });
  const m = await t.login('marketing');
  const phone = '13912345678';
  const created = await m.req('POST', '/api/connections', {
    kind: 'new',
    customerClass: 'residential',
    channel: 'counter',
    applicantName: '王五',
    applicantPhone: phone,
    address: '清河县城关镇新华路 9 号',
    voltageKv: 0.22,
    requestedKva: 8,
  });
  assert.equal(created.statusCode, 201, created.body);
  const taker = await t.login('calltaker');
  const pop = await taker.req('GET', `/api/cti/lookup?phone=${phone}`);
  assert.equal(pop.statusCode, 200, pop.body);
  const conns = pop.json().connections;
  assert.equal(conns.length, 1);
  assert.equal(conns[0].appNo, created.json().appNo);
  assert.equal(conns[0].stage, 'acceptance');
  assert.equal(conns[0].status, 'open');
  assert.ok(conns[0].dueAt);
  assert.deepEqual((await taker.req('GET', '/api/cti/lookup?phone=13900000000')).json().connections, []);
});
