/**
 * The service territory (供电辖区): the area the company serves, one per installation — a box or
 * a polygon (geo.ts). A platform setting (table `service_territory`, migration 007), read by every
 * module that checks a spot: crew position reports (crews) and order locations (work orders,
 * outages). Cached per pool for a short time; a save drops the cache at once (`forgetTerritory`).
 */
import { withTx, type Db, type Queryable, type Tx } from '../../db/pool.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import { badField } from '../errors.js';
import type { Territory } from './geo.js';
import type { TerritoryRead, TerritorySavedAnswer } from './schemas.js';

const num = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;

/** Pure: null when `t` is a well-formed territory, else what is wrong (English; the caller names the field). */
export function territoryProblem(t: unknown): string | null {
  const x = (t ?? {}) as Record<string, any>;
  const box =
    x.kind === 'box' &&
    num(x.minLon, -180, 180) &&
    num(x.maxLon, -180, 180) &&
    num(x.minLat, -90, 90) &&
    num(x.maxLat, -90, 90) &&
    x.minLon < x.maxLon &&
    x.minLat < x.maxLat;
  const poly =
    x.kind === 'polygon' &&
    Array.isArray(x.ring) &&
    x.ring.length >= 3 &&
    x.ring.every((p: unknown) => Array.isArray(p) && p.length === 2 && num(p[0], -180, 180) && num(p[1], -90, 90));
  return box || poly ? null : 'must be a box (minLon < maxLon, minLat < maxLat) or a polygon ring of ≥ 3 [lon, lat] points';
}

/** Only the territory's own keys (a box or a ring), so nothing else sent along is stored. */
export function normalTerritory(t: Territory): Territory {
  return t.kind === 'box'
    ? { kind: 'box', minLon: t.minLon, minLat: t.minLat, maxLon: t.maxLon, maxLat: t.maxLat }
    : { kind: 'polygon', ring: t.ring.map(([lon, lat]) => [lon, lat] as [number, number]) };
}

const cache = new WeakMap<object, { at: number; value: Territory }>();

/** The territory in force (cached per pool for up to `maxAgeMs`). */
export async function serviceTerritory(db: Queryable, maxAgeMs = 2_000): Promise<Territory> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < maxAgeMs) return hit.value;
  const { rows } = await db.query('SELECT territory FROM service_territory WHERE id = 1');
  if (!rows[0]) throw new Error('the service territory is missing (migration 007)');
  const value = rows[0].territory as Territory;
  cache.set(db, { at: Date.now(), value });
  return value;
}

export function forgetTerritory(db: Queryable): void {
  cache.delete(db);
}

/** Replaces the territory (already checked with `territoryProblem`) and audits the change; unchanged → nothing written. */
export async function saveTerritory(tx: Tx, actor: Actor, t: Territory): Promise<{ changed: boolean; territory: Territory }> {
  const next = normalTerritory(t);
  const { rows } = await tx.query('SELECT territory FROM service_territory WHERE id = 1 FOR UPDATE');
  const before = rows[0]?.territory ?? null;
  if (before && JSON.stringify(before) === JSON.stringify(next)) return { changed: false, territory: next };
  await tx.query('UPDATE service_territory SET territory = $1, updated_at = now(), updated_by = $2 WHERE id = 1', [JSON.stringify(next), actor.id]);
  await recordAudit(tx, actor, { action: 'territory.update', entity: 'service_territory', entityId: 1, before, after: next });
  return { changed: true, territory: next };
}

/** GET /api/territory: the territory in force and when it was last changed (read fresh, not cached). */
export async function readTerritory(db: Queryable): Promise<TerritoryRead> {
  const { rows } = await db.query('SELECT territory, updated_at FROM service_territory WHERE id = 1');
  if (!rows[0]) throw new Error('the service territory is missing (migration 007)');
  return { territory: rows[0].territory, updatedAt: rows[0].updated_at };
}

/** PUT /api/territory: checks the territory (400 naming body.territory), saves it (audited) and answers the one now in force. */
export async function replaceTerritory(db: Db, actor: Actor, t: unknown): Promise<TerritorySavedAnswer> {
  const problem = territoryProblem(t);
  if (problem) throw badField('body.territory', 'territory', '辖区须为经纬度范围（最小值小于最大值）或至少 3 个点的多边形', problem);
  const r = await withTx(db, (tx) => saveTerritory(tx, actor, t as Territory));
  forgetTerritory(db);
  return { territory: await serviceTerritory(db), changed: r.changed };
}
