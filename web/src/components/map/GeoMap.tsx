/**
 * A MapLibre map drawing our own GeoJSON as vector layers. No external tiles: the base is a plain
 * background unless /api/auth/me gives a non-empty `mapTileUrl` (raster XYZ template).
 * Loaded lazily (React.lazy) so maplibre only downloads on screens that show a map.
 */
import { useEffect, useRef } from 'react';
import * as maplibregl from 'maplibre-gl';
import { type GeoJSONSource, type LayerSpecification, type MapGeoJSONFeature, type StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { FeatureCollection } from 'geojson';

maplibregl.setWorkerUrl(workerUrl);

export interface GeoMapProps {
  sources: Record<string, FeatureCollection>;
  layers: LayerSpecification[];
  tileUrl?: string | null;
  /** fit the view to all features of these sources when they first have data */
  fitSources?: string[];
  center?: [number, number];
  zoom?: number;
  height?: number | string;
  /** layers whose features are clickable; returns the popup content (or null for none) */
  popup?: (f: MapGeoJSONFeature) => HTMLElement | null;
  onFeatureClick?: (f: MapGeoJSONFeature) => void;
  onMapClick?: (lngLat: { lng: number; lat: number }) => void;
  /** a marker (e.g. the location a customer picked) */
  marker?: [number, number] | null;
  testId?: string;
}

function baseStyle(tileUrl?: string | null): StyleSpecification {
  const style: StyleSpecification = { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#eef2f6' } }] };
  if (tileUrl) {
    style.sources.base = { type: 'raster', tiles: [tileUrl], tileSize: 256 };
    style.layers.push({ id: 'base', type: 'raster', source: 'base' });
  }
  return style;
}

function bounds(fcs: FeatureCollection[]): maplibregl.LngLatBounds | null {
  const b = new maplibregl.LngLatBounds();
  let any = false;
  const add = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      b.extend([c[0] as number, c[1] as number]);
      any = true;
    } else if (Array.isArray(c)) c.forEach(add);
  };
  for (const fc of fcs) for (const f of fc.features) if (f.geometry && 'coordinates' in f.geometry) add(f.geometry.coordinates);
  return any ? b : null;
}

export default function GeoMap(props: GeoMapProps) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<maplibregl.Map | null>(null);
  const ready = useRef(false);
  const fitted = useRef(false);
  const markerRef = useRef<maplibregl.Marker | null>(null);
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    if (!el.current) return;
    const m = new maplibregl.Map({
      container: el.current,
      style: baseStyle(props.tileUrl),
      center: props.center ?? [116.4, 39.9],
      zoom: props.zoom ?? 10,
      attributionControl: false,
    });
    map.current = m;
    m.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    m.addControl(new maplibregl.ScaleControl({}), 'bottom-left');
    m.on('load', () => {
      ready.current = true;
      sync();
    });
    m.on('click', (e) => {
      const p = latest.current;
      const ids = p.layers.map((l) => l.id).filter((id) => m.getLayer(id));
      const hits = ids.length ? m.queryRenderedFeatures(e.point, { layers: ids }) : [];
      const f = hits[0];
      if (f) {
        p.onFeatureClick?.(f);
        const content = p.popup?.(f);
        if (content) new maplibregl.Popup({ closeButton: true, maxWidth: '300px' }).setLngLat(e.lngLat).setDOMContent(content).addTo(m);
        return;
      }
      p.onMapClick?.({ lng: e.lngLat.lng, lat: e.lngLat.lat });
    });
    m.on('mousemove', (e) => {
      const ids = latest.current.layers.map((l) => l.id).filter((id) => m.getLayer(id));
      const hit = ids.length && m.queryRenderedFeatures(e.point, { layers: ids }).length > 0;
      m.getCanvas().style.cursor = hit ? 'pointer' : latest.current.onMapClick ? 'crosshair' : '';
    });
    const ro = new ResizeObserver(() => m.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      m.remove();
      map.current = null;
      ready.current = false;
    };
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  function sync() {
    const m = map.current;
    if (!m || !ready.current) return;
    const p = latest.current;
    for (const [id, data] of Object.entries(p.sources)) {
      const src = m.getSource(id) as GeoJSONSource | undefined;
      if (src) src.setData(data);
      else m.addSource(id, { type: 'geojson', data });
    }
    const wanted = new Set(p.layers.map((l) => l.id));
    for (const l of m.getStyle().layers ?? []) if (l.id !== 'bg' && l.id !== 'base' && !wanted.has(l.id)) m.removeLayer(l.id);
    for (const l of p.layers) {
      if (!m.getLayer(l.id)) m.addLayer(l);
      else if ('layout' in l && l.layout && 'visibility' in l.layout) m.setLayoutProperty(l.id, 'visibility', l.layout.visibility);
      if ('filter' in l && l.filter && m.getLayer(l.id)) m.setFilter(l.id, l.filter as never);
    }
    if (!fitted.current && p.fitSources?.length) {
      const b = bounds(p.fitSources.map((s) => p.sources[s]).filter(Boolean));
      if (b) {
        fitted.current = true;
        const single = b.getWest() === b.getEast() && b.getSouth() === b.getNorth();
        if (single) m.jumpTo({ center: b.getCenter(), zoom: 13 });
        else m.fitBounds(b, { padding: 40, maxZoom: 15, duration: 0 });
      }
    }
    if (p.marker) {
      if (!markerRef.current) markerRef.current = new maplibregl.Marker({ color: '#d4380d' }).setLngLat(p.marker).addTo(m);
      else markerRef.current.setLngLat(p.marker);
    } else if (markerRef.current) {
      markerRef.current.remove();
      markerRef.current = null;
    }
  }

  useEffect(sync, [props.sources, props.layers, props.marker, props.fitSources]);

  return <div ref={el} className="gd-map" style={{ height: props.height ?? 420 }} data-testid={props.testId ?? 'map'} />;
}
