import type { LayerSpecification } from 'maplibre-gl';

export type LayerKey = 'network' | 'outages' | 'calls' | 'reported' | 'crews';

/** Outages (red, by customers out), trouble calls (orange, by count), spots customers reported (open orders, dark red pins), crews (by status). */
export function dispatchLayers(): LayerSpecification[] {
  return [
    {
      id: 'outages',
      type: 'circle',
      source: 'outages',
      paint: {
        'circle-color': [
          'match',
          ['get', 'status'],
          'predicted',
          '#fa8c16',
          'on_site',
          '#722ed1',
          'en_route',
          '#faad14',
          'crew_assigned',
          '#fa541c',
          '#f5222d',
        ],
        'circle-opacity': 0.45,
        'circle-radius': ['interpolate', ['linear'], ['get', 'affected'], 1, 10, 50, 18, 500, 30],
        'circle-stroke-color': '#a8071a',
        'circle-stroke-width': 2,
      },
    },
    {
      id: 'calls',
      type: 'circle',
      source: 'calls',
      paint: {
        'circle-color': '#fa8c16',
        'circle-radius': ['interpolate', ['linear'], ['get', 'calls'], 1, 5, 10, 10],
        'circle-stroke-color': '#fff',
        'circle-stroke-width': 1.5,
      },
    },
    {
      id: 'reported',
      type: 'circle',
      source: 'reported',
      paint: {
        'circle-color': ['match', ['get', 'urgency'], 'major', '#a8071a', 'urgent', '#cf1322', '#d4380d'],
        'circle-radius': 6,
        'circle-stroke-color': '#fff',
        'circle-stroke-width': 2,
      },
    },
    {
      id: 'crews',
      type: 'circle',
      source: 'crews',
      paint: {
        'circle-color': ['match', ['get', 'status'], 'available', '#389e0d', 'busy', '#d48806', '#8c8c8c'],
        'circle-radius': 8,
        'circle-stroke-color': '#fff',
        'circle-stroke-width': 3,
      },
    },
  ];
}
