import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLocation, locationColumns, locationView, orderLocation } from './location-rules.js';
import type { Territory } from '../../../platform/geo/geo.js';

const box: Territory = { kind: 'box', minLon: 115, minLat: 37, maxLon: 117, maxLat: 39 };

test('a reported spot must be valid WGS-84 and inside the territory', () => {
  assert.equal(checkLocation({ lon: 116, lat: 38 }, box), null);
  assert.equal(checkLocation({ lon: 116, lat: 38 }, null), null);
  assert.deepEqual(checkLocation({ lon: 181, lat: 38 }, box)?.field, 'location.lon');
  assert.deepEqual(checkLocation({ lon: Number.NaN, lat: 38 }, box)?.rule, 'range');
  const lat = checkLocation({ lon: 116, lat: -91 }, null);
  assert.equal(lat?.field, 'location.lat');
  assert.equal(lat?.rule, 'range');
  const out = checkLocation({ lon: 120, lat: 38 }, box);
  assert.equal(out?.field, 'location');
  assert.equal(out?.rule, 'territory');
  assert.ok(out?.zh && out.en);
  // the edge of the box counts as inside (as for crew positions)
  assert.equal(checkLocation({ lon: 117, lat: 39 }, box), null);
  const poly: Territory = {
    kind: 'polygon',
    ring: [
      [115, 37],
      [117, 37],
      [116, 39],
    ],
  };
  assert.equal(checkLocation({ lon: 116, lat: 38 }, poly), null);
  assert.equal(checkLocation({ lon: 115.1, lat: 38.9 }, poly)?.rule, 'territory');
});

test('a reported spot wins; otherwise the service point; otherwise none', () => {
  assert.deepEqual(orderLocation({ lon: 116, lat: 38, text: '  路口电杆旁 ' }, { lon: 115.5, lat: 37.5 }), {
    lon: 116,
    lat: 38,
    source: 'reported',
    text: '路口电杆旁',
  });
  assert.deepEqual(orderLocation({ lon: 116, lat: 38, text: '  ' }, null), { lon: 116, lat: 38, source: 'reported', text: null });
  assert.deepEqual(orderLocation(undefined, { lon: 115.5, lat: 37.5 }), { lon: 115.5, lat: 37.5, source: 'service_point', text: null });
  assert.equal(orderLocation(null, { lon: null, lat: null }), null);
  assert.equal(orderLocation(null, null), null);
  assert.deepEqual(locationColumns(null), { location_lon: null, location_lat: null, location_source: null, location_text: null });
  assert.deepEqual(locationView(locationColumns(orderLocation(null, { lon: 1, lat: 2 }))), { lon: 1, lat: 2, source: 'service_point', text: null });
  assert.equal(locationView(locationColumns(null)), null);
});
