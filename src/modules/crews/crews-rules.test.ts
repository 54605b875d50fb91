import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EARTH_RADIUS_KM, haversineKm, insidePolygon, insideTerritory, type Territory } from '../../platform/geo/geo.js';
import { straightLineEstimator, type TravelEstimator } from './routing.js';
import { rankCrews, type CrewCandidate } from './dispatch-rules.js';
import { checkPosition, type PositionPolicy } from './position-rules.js';

test('haversine: one degree of latitude is R·π/180; a degree of longitude shrinks with cos(latitude)', () => {
  const oneDeg = (EARTH_RADIUS_KM * Math.PI) / 180; // 111.195 km
  assert.ok(Math.abs(haversineKm({ lon: 120, lat: 30 }, { lon: 120, lat: 31 }) - oneDeg) < 1e-9);
  assert.ok(Math.abs(haversineKm({ lon: 0, lat: 0 }, { lon: 1, lat: 0 }) - oneDeg) < 1e-9);
  assert.ok(Math.abs(haversineKm({ lon: 0, lat: 60 }, { lon: 1, lat: 60 }) - oneDeg / 2) < 0.01);
  // Beijing (Tiananmen) to Shanghai (People's Square): about 1067 km as the crow flies
  const d = haversineKm({ lon: 116.3974, lat: 39.9087 }, { lon: 121.4737, lat: 31.2304 });
  assert.ok(d > 1060 && d < 1075, `${d}`);
});

test('territory: box, convex and concave polygons; a point on the boundary is inside', () => {
  const box: Territory = { kind: 'box', minLon: 120, minLat: 30, maxLon: 121, maxLat: 31 };
  assert.equal(insideTerritory({ lon: 120.5, lat: 30.5 }, box), true);
  assert.equal(insideTerritory({ lon: 121.01, lat: 30.5 }, box), false);
  // an L shape: the notch (1.5, 1.5) is outside
  const L: [number, number][] = [
    [0, 0],
    [2, 0],
    [2, 1],
    [1, 1],
    [1, 2],
    [0, 2],
  ];
  assert.equal(insidePolygon({ lon: 0.5, lat: 1.5 }, L), true);
  assert.equal(insidePolygon({ lon: 1.5, lat: 0.5 }, L), true);
  assert.equal(insidePolygon({ lon: 1.5, lat: 1.5 }, L), false);
  assert.equal(insidePolygon({ lon: 1, lat: 1.5 }, L), true, 'on an edge');
  assert.equal(insidePolygon({ lon: -0.1, lat: 1 }, L), false);
});

const at = new Date('2026-03-01T10:00:00+08:00');
const shift = { start: new Date('2026-03-01T08:00:00+08:00'), end: new Date('2026-03-01T20:00:00+08:00') };
const pos = (lon: number, lat: number, minutesAgo = 1) => ({ lon, lat, at: new Date(at.getTime() - minutesAgo * 60_000) });
const site = { lon: 120.0, lat: 30.0 };
const crews: CrewCandidate[] = [
  { id: 1, name: 'near but busy', status: 'busy', skills: ['lv', 'hv'], shifts: [shift], position: pos(120.001, 30) },
  { id: 2, name: 'near, shift over', status: 'available', skills: ['lv', 'hv'], shifts: [{ start: shift.start, end: at }], position: pos(120.002, 30) },
  { id: 3, name: 'far', status: 'available', skills: ['lv', 'hv'], shifts: [shift], position: pos(120.2, 30) },
  { id: 4, name: 'mid, no hv', status: 'available', skills: ['lv'], shifts: [shift], position: pos(120.05, 30) },
  { id: 5, name: 'mid', status: 'available', skills: ['hv', 'lv', 'cable'], shifts: [shift], position: pos(120.1, 30) },
  { id: 6, name: 'no fix', status: 'available', skills: ['lv', 'hv'], shifts: [shift], position: null },
  { id: 7, name: 'old fix', status: 'available', skills: ['lv', 'hv'], shifts: [shift], position: pos(120.01, 30, 31) },
  { id: 8, name: 'home', status: 'off_duty', skills: ['lv', 'hv'], shifts: [shift], position: pos(120.01, 30) },
];
const est = straightLineEstimator({ speedKmh: 40, detourFactor: 1.3 });

test('dispatch suggests the nearest available crew on shift with the skills and a fresh position, and says why others are out', () => {
  const r = rankCrews(site, at, ['hv'], crews, est, { maxPositionAgeMinutes: 30 });
  assert.deepEqual(
    r.ranked.map((x) => x.crewId),
    [5, 3],
  );
  const km5 = haversineKm(crews[4].position!, site) * 1.3;
  assert.ok(Math.abs(r.ranked[0].km - km5) < 1e-9);
  assert.ok(Math.abs(r.ranked[0].minutes - (km5 / 40) * 60) < 1e-9);
  assert.deepEqual(
    r.excluded.map((x) => [x.crewId, x.reason]),
    [
      [1, 'busy'],
      [2, 'off_shift'],
      [4, 'missing_skill'],
      [6, 'no_position'],
      [7, 'stale_position'],
      [8, 'off_duty'],
    ],
  );
  assert.equal(r.excluded.find((x) => x.crewId === 4)!.detail, 'hv');
  const lvOnly = rankCrews(site, at, ['lv'], crews, est, { maxPositionAgeMinutes: 30 });
  assert.deepEqual(
    lvOnly.ranked.map((x) => x.crewId),
    [4, 5, 3],
  );
  const lenient = rankCrews(site, at, ['hv'], crews, est, { maxPositionAgeMinutes: 60 });
  assert.equal(lenient.ranked[0].crewId, 7, 'with a longer trust window the crew 1 km away wins');
});

test('a crew that declined this job is suggested last, flagged, not left out', () => {
  const r = rankCrews(site, at, ['lv'], crews, est, { maxPositionAgeMinutes: 30 }, new Set([4]));
  assert.deepEqual(
    r.ranked.map((x) => [x.crewId, x.declined ?? false]),
    [
      [5, false],
      [3, false],
      [4, true],
    ],
  );
  assert.equal(
    r.excluded.some((x) => x.crewId === 4),
    false,
  );
});

test('routing is pluggable: a road router that knows crew 3 has a motorway wins over straight lines', () => {
  const road: TravelEstimator = { estimate: (from) => (from.lon === 120.2 ? { km: 25, minutes: 12 } : { km: 12, minutes: 30 }) };
  const r = rankCrews(site, at, ['hv'], crews, road, { maxPositionAgeMinutes: 30 });
  assert.deepEqual(
    r.ranked.map((x) => x.crewId),
    [3, 5],
  );
  assert.throws(() => straightLineEstimator({ speedKmh: 0, detourFactor: 1 }), /speedKmh/);
});

const policy: PositionPolicy = { territory: { kind: 'box', minLon: 119, minLat: 29, maxLon: 121, maxLat: 31 }, maxSpeedKmh: 150, maxClockSkewSeconds: 60 };

test('crew positions: outside the territory, impossible speed, out of order or from the future are rejected', () => {
  const now = new Date('2026-03-01T10:00:00Z');
  const last = { lon: 120, lat: 30, at: new Date('2026-03-01T09:59:00Z') };
  assert.deepEqual(checkPosition({ lon: 120.01, lat: 30, at: now }, last, now, policy).ok, true); // ~0.96 km in 1 min ≈ 58 km/h
  const fast = checkPosition({ lon: 120.05, lat: 30, at: now }, last, now, policy); // ~4.8 km in 1 min ≈ 289 km/h
  assert.equal(fast.ok, false);
  assert.equal(!fast.ok && fast.rule, 'speed');
  assert.ok(!fast.ok && fast.speedKmh! > 280 && fast.speedKmh! < 300);
  const out = checkPosition({ lon: 122, lat: 30, at: now }, null, now, policy);
  assert.equal(!out.ok && out.rule, 'territory');
  const bad = checkPosition({ lon: 120, lat: 95, at: now }, null, now, policy);
  assert.deepEqual(!bad.ok && [bad.field, bad.rule], ['lat', 'range']);
  const old = checkPosition({ lon: 120, lat: 30, at: last.at }, last, now, policy);
  assert.equal(!old.ok && old.rule, 'out_of_order');
  const future = checkPosition({ lon: 120, lat: 30, at: new Date(now.getTime() + 120_000) }, null, now, policy);
  assert.equal(!future.ok && future.rule, 'future');
  const first = checkPosition({ lon: 120, lat: 30, at: now }, null, now, policy);
  assert.deepEqual(first, { ok: true, speedKmh: null });
});
