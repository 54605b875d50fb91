/** Pure: the network CSV format (code,kind,name,parent_code,lon,lat,voltage_kv,rated_kva) and GeoJSON. */
import { DEVICE_KINDS, type DeviceKind, type NetworkGeoJsonAnswer } from './schemas.js';

export const CSV_HEADER = ['code', 'kind', 'name', 'parent_code', 'lon', 'lat', 'voltage_kv', 'rated_kva'] as const;
export interface DeviceRow {
  code: string;
  kind: DeviceKind;
  name: string;
  parentCode: string | null;
  lon: number | null;
  lat: number | null;
  voltageKv: number | null;
  ratedKva: number | null;
}
const PARENT_KIND: Record<string, string | null> = { substation: null, feeder: 'substation', transformer: 'feeder' };

function csvCell(v: unknown): string {
  const s = v == null ? '' : String(v);
  return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

export function toCsv(rows: DeviceRow[]): string {
  return (
    [CSV_HEADER.join(','), ...rows.map((r) => [r.code, r.kind, r.name, r.parentCode, r.lon, r.lat, r.voltageKv, r.ratedKva].map(csvCell).join(','))].join(
      '\n',
    ) + '\n'
  );
}

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

export interface CsvProblem {
  line: number;
  field: string;
  zh: string;
  en: string;
}

/** Parses and checks a network CSV: kinds, parents that exist (in the file or already), parent kind, coordinates. */
export function parseNetworkCsv(text: string, existing: Map<string, string> = new Map()): { rows: DeviceRow[]; problems: CsvProblem[] } {
  const lines = text
    .replace(/\r/g, '')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const problems: CsvProblem[] = [];
  const rows: DeviceRow[] = [];
  if (
    lines.length === 0 ||
    lines[0]
      .split(',')
      .map((h) => h.trim())
      .join(',') !== CSV_HEADER.join(',')
  ) {
    return { rows, problems: [{ line: 1, field: 'header', zh: `表头应为 ${CSV_HEADER.join(',')}`, en: `header must be ${CSV_HEADER.join(',')}` }] };
  }
  const kindOf = new Map(existing);
  const num = (s: string) => (s.trim() === '' ? null : Number(s));
  lines.slice(1).forEach((line, i) => {
    const n = i + 2;
    const c = splitCsvLine(line);
    const r: DeviceRow = {
      code: c[0]?.trim(),
      kind: c[1]?.trim() as DeviceRow['kind'],
      name: c[2]?.trim(),
      parentCode: c[3]?.trim() || null,
      lon: num(c[4] ?? ''),
      lat: num(c[5] ?? ''),
      voltageKv: num(c[6] ?? ''),
      ratedKva: num(c[7] ?? ''),
    };
    if (!r.code) problems.push({ line: n, field: 'code', zh: '编码必填', en: 'code is required' });
    if (!(DEVICE_KINDS as readonly string[]).includes(r.kind))
      problems.push({ line: n, field: 'kind', zh: '类型应为 substation/feeder/transformer', en: 'kind must be substation, feeder or transformer' });
    if (!r.name) problems.push({ line: n, field: 'name', zh: '名称必填', en: 'name is required' });
    for (const [f, v, lo, hi] of [
      ['lon', r.lon, -180, 180],
      ['lat', r.lat, -90, 90],
    ] as const) {
      if (v !== null && (!Number.isFinite(v) || v < lo || v > hi)) problems.push({ line: n, field: f, zh: '坐标超出范围', en: 'coordinate out of range' });
    }
    const wantParent = PARENT_KIND[r.kind];
    if (wantParent === null && r.parentCode) problems.push({ line: n, field: 'parent_code', zh: '变电站不能有上级', en: 'a substation has no parent' });
    if (wantParent && (!r.parentCode || kindOf.get(r.parentCode) !== wantParent)) {
      problems.push({ line: n, field: 'parent_code', zh: `上级应为已存在的 ${wantParent}`, en: `parent must be an existing ${wantParent} listed earlier` });
    }
    if (kindOf.has(r.code) && !existing.has(r.code)) problems.push({ line: n, field: 'code', zh: '编码重复', en: 'duplicate code' });
    kindOf.set(r.code, r.kind);
    rows.push(r);
  });
  return { rows, problems };
}

export function toGeoJson(devices: Array<DeviceRow & { id: number; parentId: number | null }>): NetworkGeoJsonAnswer {
  const byId = new Map(devices.map((d) => [d.id, d]));
  const features: NetworkGeoJsonAnswer['features'] = [];
  for (const d of devices) {
    if (d.lon == null || d.lat == null) continue;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [d.lon, d.lat] },
      properties: { id: d.id, kind: d.kind, code: d.code, name: d.name, parentCode: d.parentCode, voltageKv: d.voltageKv, ratedKva: d.ratedKva },
    });
    const p = d.parentId ? byId.get(d.parentId) : undefined;
    if (p && p.lon != null && p.lat != null) {
      features.push({
        type: 'Feature',
        geometry: {
          type: 'LineString',
          coordinates: [
            [p.lon, p.lat],
            [d.lon, d.lat],
          ],
        },
        properties: { kind: `${d.kind}_line`, code: d.code },
      });
    }
  }
  return { type: 'FeatureCollection', features };
}

/** Reads devices from GeoJSON Point features (properties code, kind, name, parentCode, voltageKv, ratedKva) into CSV rows. */
export function geoJsonToCsv(geo: unknown): string {
  const fc = geo as { type?: string; features?: Array<{ geometry?: { type?: string; coordinates?: unknown[] }; properties?: Record<string, unknown> }> };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) throw new Error('not a GeoJSON FeatureCollection');
  const rows: DeviceRow[] = [];
  for (const f of fc.features) {
    if (typeof f !== 'object' || f === null || f.geometry?.type !== 'Point') continue; // lines are derived from parents
    const p = typeof f.properties === 'object' && f.properties !== null ? f.properties : {};
    const [lon, lat] = (Array.isArray(f.geometry.coordinates) ? f.geometry.coordinates : []) as number[];
    rows.push({
      code: String(p.code ?? ''),
      kind: String(p.kind ?? '') as DeviceRow['kind'],
      name: String(p.name ?? ''),
      parentCode: p.parentCode ? String(p.parentCode) : null,
      lon: lon ?? null,
      lat: lat ?? null,
      voltageKv: p.voltageKv == null ? null : Number(p.voltageKv),
      ratedKva: p.ratedKva == null ? null : Number(p.ratedKva),
    });
  }
  return toCsv(rows);
}
