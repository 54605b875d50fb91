import { test } from 'node:test';
import assert from 'node:assert/strict';
import fastJsonStringify from 'fast-json-stringify';
import { Type } from 'typebox';
import { Nullable } from './schemas.js';
import { nullablesAsTypeLists } from './serialization.js';
import { IntakeResultSchema } from '../modules/workorders/schemas.js';

test('a nullable single-typed field becomes a type list; other unions and the route schema stay as declared', () => {
  const declared = Type.Object({
    a: Nullable(Type.String({ format: 'date-time' })),
    b: Nullable(Type.Object({ x: Type.Number() })),
    c: Type.Union([Type.String(), Type.Number()]),
    d: Nullable(Type.Union([Type.String(), Type.Number()])),
  });
  const before = JSON.stringify(declared);
  const s = nullablesAsTypeLists(declared) as unknown as { properties: Record<string, Record<string, unknown>> };
  assert.deepEqual(s.properties.a, { type: ['string', 'null'], format: 'date-time' });
  assert.deepEqual(s.properties.b.type, ['object', 'null']);
  assert.ok(s.properties.b.properties);
  assert.ok(Array.isArray(s.properties.c.anyOf), 'a union of two types is left to the validator');
  assert.ok(Array.isArray(s.properties.d.anyOf), 'a nullable union is left as it is');
  assert.equal(JSON.stringify(declared), before, 'the declared schema is not changed');
});

test('an intake reply is written the same as JSON.stringify writes it, with values and with nulls', () => {
  const write = fastJsonStringify(nullablesAsTypeLists(IntakeResultSchema) as fastJsonStringify.AnySchema);
  const at = new Date('2026-12-07T08:00:00.000Z');
  const clock = (name: string, set: boolean) => ({
    name,
    basis: 'natural',
    dueAt: set ? at.toISOString() : null,
    pausedMs: 0,
    state: set ? 'running' : 'pending',
    startedAt: set ? at : null,
    stoppedAt: null,
    remainingMs: set ? 3_600_000 : null,
    usedFraction: 0.25,
    calendarCovered: set ? true : null,
    calendarProvisional: set ? false : null,
  });
  const order = (set: boolean) => ({
    id: 1,
    orderNo: '261207000001',
    orderType: 'complaint',
    subtype: set ? 'outage' : null,
    channel: 'phone',
    urgency: 'normal',
    priority: 3,
    status: 'accepted',
    receivedAt: at,
    createdAt: at,
    updatedAt: at,
    orgUnitId: 5,
    acceptingOrgUnitId: 5,
    ownerId: set ? 9 : null,
    assigneeId: null,
    customerId: set ? 77 : null,
    servicePointId: set ? 88 : null,
    matchedAt: set ? at : null,
    location: set ? { lon: 116.1, lat: 36.2, source: 'service_point', text: null } : null,
    callerPhone: set ? '138****0000' : null,
    callerName: set ? '张三 "引号" \\ 反斜杠' : null,
    address: set ? '某某路1号\n二单元' : null,
    title: '停电',
    description: '客户来电反映停电 \u{1F600}',
    customerClass: set ? 'residential' : null,
    areaType: 'urban',
    important: set,
    policySet: 'current',
    policyId: set ? 3 : null,
    slaState: 'ok',
    nextDueAt: set ? at : null,
    mergedIntoId: null,
    kbArticleId: set ? 4 : null,
    ctiCallId: set ? 'call-1' : null,
    result: null,
    cause: null,
    satisfaction: null,
    reopenCount: 0,
    handledAt: null,
    closedAt: null,
    version: 1,
    allowedActions: ['dispatch'],
    clocks: [clock('first_response', set), clock('resolve', !set)],
  });
  for (const set of [true, false]) {
    const reply = {
      order: order(set),
      duplicates: [
        { id: 2, orderNo: 'x', orderType: 'complaint', subtype: set ? 'outage' : null, status: 'accepted', receivedAt: at, title: 't', orgUnitId: 5 },
      ],
    };
    assert.equal(write(reply), JSON.stringify(reply));
  }
});
