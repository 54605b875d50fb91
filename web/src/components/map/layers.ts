/** Layer styles shared by the maps (types only from maplibre, so no runtime import here). */
import type { LayerSpecification } from 'maplibre-gl';
import type { Feature, FeatureCollection, Point } from 'geojson';

export const KIND_COLORS: Record<string, string> = {
  substation: '#722ed1',
  feeder: '#1677ff',
  switch: '#2f54eb',
  transformer: '#13c2c2',
  service_point: '#fa8c16',
};

/** The network from GET /api/network/geojson as source `network`: lines child→parent, devices as dots. */
export function networkLayers(prefix = 'net'): LayerSpecification[] {
  return [
    {
      id: `${prefix}-lines`,
      type: 'line',
      source: 'network',
      filter: ['==', ['geometry-type'], 'LineString'],
      paint: { 'line-color': '#7a8ca3', 'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.6, 15, 2], 'line-opacity': 0.7 },
    },
    {
      id: `${prefix}-devices`,
      type: 'circle',
      source: 'network',
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-color': [
          'match',
          ['get', 'kind'],
          'substation',
          KIND_COLORS.substation,
          'feeder',
          KIND_COLORS.feeder,
          'transformer',
          KIND_COLORS.transformer,
          '#8c8c8c',
        ],
        'circle-radius': [
          'interpolate',
          ['linear'],
          ['zoom'],
          10,
          ['match', ['get', 'kind'], 'substation', 7, 'feeder', 4, 'transformer', 2, 2],
          15,
          ['match', ['get', 'kind'], 'substation', 11, 'feeder', 7, 'transformer', 5, 4],
        ],
        'circle-stroke-color': '#fff',
        'circle-stroke-width': 1,
      },
    },
  ];
}

export function pointFeature(lon: number, lat: number, properties: Record<string, unknown>): Feature<Point> {
  return { type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties };
}

export function collection(features: Feature[]): FeatureCollection {
  return { type: 'FeatureCollection', features };
}

export const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
