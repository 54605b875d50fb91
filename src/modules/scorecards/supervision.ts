/**
 * Supervision (docs/scorecards.md "Supervision"): checklist versions for service windows and
 * secret visits (暗访), inspections scored against them with findings, rectification dates and
 * photos (base64 in JSON, JPEG or PNG by their bytes, bounded in size), and the window figure they
 * give the scorecard. Photos go into the house's content-addressed file store (the same one as the
 * connection documents, src/platform/file-store; issue 12) and the row keeps their sha-256 as
 * checksum and address. Everything checked before anything is written; each write audited.
 */
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badField, badFields, internal, notFound } from '../../platform/errors.js';
import { storeBytes, StoredFileCorrupt, storeUnavailable, type FileStore } from '../../platform/file-store/index.js';
import { actorOf, type Principal } from '../identity/index.js';
import { findOrgUnit, findOrgUnitInScope } from '../orgs/index.js';
import type { Checklist, ChecklistCreate, Inspection, InspectionCreate } from './schemas.js';
import { MAX_PHOTO_BYTES } from './schemas.js';
import { imageType, scoreInspection, type ChecklistItem } from './supervision-rules.js';

const SELECT = `SELECT id, code, version, kind, name, name_en, valid_from::text AS valid_from, valid_to::text AS valid_to, items, source FROM scorecard_checklists`;

const toChecklist = (r: Record<string, any>): Checklist => ({
  id: Number(r.id),
  code: r.code,
  version: r.version,
  kind: r.kind,
  name: r.name,
  nameEn: r.name_en,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  items: r.items,
  maxPoints: (r.items as ChecklistItem[]).reduce((s, x) => s + x.points, 0),
  source: r.source,
});

export async function listChecklists(q: Queryable): Promise<Checklist[]> {
  return (await q.query(`${SELECT} ORDER BY code, version DESC`)).rows.map(toChecklist);
}

export async function createChecklistVersion(db: Db, p: Principal, input: ChecklistCreate): Promise<Checklist> {
  const codes = input.items.map((x) => x.code);
  const dup = codes.findIndex((c, i) => codes.indexOf(c) !== i);
  if (dup >= 0) throw badField(`items[${dup}].code`, 'unique', '检查项编号重复', 'item code listed twice');
  return withTx(db, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`scorecard_checklist:${input.code}`]);
    const prev = (await tx.query(`${SELECT} WHERE code = $1 ORDER BY version DESC LIMIT 1`, [input.code])).rows[0];
    if (prev && prev.kind !== input.kind) throw badField('kind', 'unchanged', '同一检查表的类型不能改变', "a checklist's kind cannot change between versions");
    if (prev && input.validFrom <= prev.valid_from)
      throw badField('validFrom', 'after_previous', '生效日期须晚于上一版本的生效日期', "validFrom must be after the previous version's validFrom");
    if (prev && prev.valid_to === null) await tx.query('UPDATE scorecard_checklists SET valid_to = $2 WHERE id = $1', [prev.id, input.validFrom]);
    const { rows } = await tx.query(
      `INSERT INTO scorecard_checklists (code, version, kind, name, name_en, valid_from, items, source, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       RETURNING id, code, version, kind, name, name_en, valid_from::text AS valid_from, valid_to::text AS valid_to, items, source`,
      [input.code, (prev?.version ?? 0) + 1, input.kind, input.name, input.nameEn, input.validFrom, JSON.stringify(input.items), input.source, p.id],
    );
    const c = toChecklist(rows[0]);
    await recordAudit(tx, actorOf(p), {
      action: 'supervision.checklist_create',
      entity: 'scorecard_checklist',
      entityId: c.id,
      orgUnitId: p.orgUnitId,
      before: prev ? toChecklist(prev) : null,
      after: c,
    });
    return c;
  });
}

export async function recordInspection(db: Db, store: FileStore, p: Principal, input: InspectionCreate, now = new Date()): Promise<Inspection> {
  const unit = await findOrgUnitInScope(db, input.orgUnitId, p.orgPath);
  if (!unit) throw badField('orgUnitId', 'org_scope', '组织单位不存在或不在管辖范围内', 'org unit does not exist or is outside your scope');
  const at = new Date(input.inspectedAt);
  if (at.getTime() > now.getTime()) throw badField('inspectedAt', 'future', '检查时间不能晚于现在', 'inspectedAt cannot be in the future');
  const cl = (await db.query(`${SELECT} WHERE id = $1`, [input.checklistId])).rows[0];
  if (!cl) throw badField('checklistId', 'exists', '检查表不存在', 'no such checklist');
  const checklist = toChecklist(cl);
  const day = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10); // the checklist's dates are local (UTC+8) days
  if (day < checklist.validFrom || (checklist.validTo !== null && day >= checklist.validTo))
    throw badField('checklistId', 'valid_on', '该检查表版本在检查日期不适用', 'this checklist version is not valid on the inspection date');
  const scored = scoreInspection(checklist.items, input.items);
  const problems = [...scored.problems];
  const photos = (input.photos ?? []).map((ph, i) => {
    const bytes = Buffer.from(ph.contentBase64, 'base64');
    const mime = imageType(bytes);
    if (bytes.length > MAX_PHOTO_BYTES)
      problems.push({
        field: `photos[${i}].contentBase64`,
        rule: 'size',
        zh: `照片不得超过 ${MAX_PHOTO_BYTES} 字节`,
        en: `a photo may not exceed ${MAX_PHOTO_BYTES} bytes`,
      });
    else if (!mime) problems.push({ field: `photos[${i}].contentBase64`, rule: 'type', zh: '照片须为 JPEG 或 PNG', en: 'a photo must be JPEG or PNG' });
    if (ph.itemCode !== undefined && !checklist.items.some((x) => x.code === ph.itemCode))
      problems.push({ field: `photos[${i}].itemCode`, rule: 'exists', zh: '检查表中没有该项', en: 'no such item in the checklist' });
    return { ...ph, bytes, mime: mime ?? '' };
  });
  if (problems.length) throw badFields('BAD_INSPECTION', '检查记录有误，未保存', 'the inspection has errors; nothing saved', problems);
  // into the store before the rows that name them commit (a file no row names is harmless; a row naming a missing file is not)
  const shas: string[] = [];
  for (const ph of photos) shas.push(await storeBytes(store, ph.bytes).catch(storeUnavailable));
  const id = await withTx(db, async (tx) => {
    const { rows } = await tx.query(
      `INSERT INTO scorecard_inspections (checklist_id, kind, org_unit_id, org_path, inspected_at, inspector_id, inspector_name, points, max_points, notes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [checklist.id, checklist.kind, unit.id, unit.path, at, p.id, p.name, scored.points, scored.max, input.notes ?? null],
    );
    const id = Number(rows[0].id);
    const max = new Map(checklist.items.map((x) => [x.code, x.points]));
    await tx.query(
      `INSERT INTO scorecard_inspection_items (inspection_id, item_code, points, max_points, finding, rectify_by)
       SELECT $2, x.c, x.p, x.m, x.f, x.r::date FROM jsonb_to_recordset($1::jsonb) AS x(c text, p int, m int, f text, r text)`,
      [JSON.stringify(input.items.map((x) => ({ c: x.code, p: x.points, m: max.get(x.code), f: x.finding ?? null, r: x.rectifyBy ?? null }))), id],
    );
    for (const [i, ph] of photos.entries())
      await tx.query(
        `INSERT INTO scorecard_inspection_photos (inspection_id, item_code, file_name, mime, size_bytes, sha256) VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, ph.itemCode ?? null, ph.fileName, ph.mime, ph.bytes.length, shas[i]],
      );
    await recordAudit(tx, actorOf(p), {
      action: 'supervision.inspect',
      entity: 'scorecard_inspection',
      entityId: id,
      orgUnitId: unit.id,
      before: null,
      after: { checklist: `${checklist.code} v${checklist.version}`, points: scored.points, maxPoints: scored.max, photos: photos.length },
    });
    return id;
  });
  return getInspection(db, p, id);
}

export async function getInspection(q: Queryable, p: Principal, id: number): Promise<Inspection> {
  const r = (
    await q.query(
      `SELECT i.*, c.code AS checklist_code, c.version AS checklist_version FROM scorecard_inspections i JOIN scorecard_checklists c ON c.id = i.checklist_id
        WHERE i.id = $1 AND i.org_path LIKE $2 || '%'`,
      [id, p.orgPath],
    )
  ).rows[0];
  if (!r) throw notFound('Inspection', '检查记录');
  const [items, photos, unit] = await Promise.all([
    q.query(
      'SELECT item_code, points, max_points, finding, rectify_by::text AS rectify_by FROM scorecard_inspection_items WHERE inspection_id = $1 ORDER BY item_code',
      [id],
    ),
    q.query('SELECT id, item_code, file_name, mime, size_bytes FROM scorecard_inspection_photos WHERE inspection_id = $1 ORDER BY id', [id]),
    findOrgUnit(q, Number(r.org_unit_id)),
  ]);
  return {
    id: Number(r.id),
    checklistId: Number(r.checklist_id),
    checklistCode: r.checklist_code,
    checklistVersion: r.checklist_version,
    kind: r.kind,
    orgUnitId: Number(r.org_unit_id),
    orgUnitName: unit?.name ?? '',
    inspectedAt: new Date(r.inspected_at).toISOString(),
    inspectorName: r.inspector_name,
    points: r.points,
    maxPoints: r.max_points,
    notes: r.notes,
    items: items.rows.map((x) => ({ code: x.item_code, points: x.points, maxPoints: x.max_points, finding: x.finding, rectifyBy: x.rectify_by })),
    photos: photos.rows.map((x) => ({ id: Number(x.id), itemCode: x.item_code, fileName: x.file_name, mime: x.mime, sizeBytes: x.size_bytes })),
  };
}

export async function listInspections(
  q: Queryable,
  p: Principal,
  f: { orgUnitId?: number; from?: string; to?: string; limit?: number },
): Promise<Inspection[]> {
  let path = p.orgPath;
  if (f.orgUnitId !== undefined) {
    const u = await findOrgUnitInScope(q, f.orgUnitId, p.orgPath);
    if (!u) throw notFound('Org unit', '组织单位');
    path = u.path;
  }
  const { rows } = await q.query(
    `SELECT id FROM scorecard_inspections WHERE org_path LIKE $1 || '%' AND ($2::timestamptz IS NULL OR inspected_at >= $2) AND ($3::timestamptz IS NULL OR inspected_at < $3)
      ORDER BY inspected_at DESC, id DESC LIMIT $4`,
    [path, f.from ?? null, f.to ?? null, f.limit ?? 50],
  );
  return Promise.all(rows.map((r) => getInspection(q, p, Number(r.id))));
}

/** A photo's bytes from the file store, for staff whose scope covers the inspection (404 otherwise, or when the stored file is gone). */
export async function inspectionPhoto(
  q: Queryable,
  store: FileStore,
  p: Principal,
  id: number,
  photoId: number,
): Promise<{ mime: string; content: Buffer; fileName: string }> {
  const r = (
    await q.query(
      `SELECT ph.mime, ph.sha256, ph.size_bytes, ph.file_name FROM scorecard_inspection_photos ph JOIN scorecard_inspections i ON i.id = ph.inspection_id
        WHERE ph.id = $1 AND i.id = $2 AND i.org_path LIKE $3 || '%'`,
      [photoId, id, p.orgPath],
    )
  ).rows[0];
  if (!r) throw notFound('Photo', '照片');
  let content: Buffer | null;
  try {
    content = await store.get(r.sha256);
  } catch (e) {
    if (e instanceof StoredFileCorrupt)
      throw internal(`照片文件已损坏（sha-256 不符）：${r.sha256}`, `The stored photo is corrupt (sha-256 mismatch): ${r.sha256}`);
    return storeUnavailable(e);
  }
  if (!content) throw notFound('Photo file', '照片文件');
  if (content.length !== r.size_bytes) throw internal(`照片文件大小不符：${r.sha256}`, `The stored photo has another size than recorded: ${r.sha256}`);
  return { mime: r.mime, content, fileName: r.file_name };
}

/** Open findings (points taken off with a rectification date) of the subtree, soonest first: for the supervisor board. */
export async function openFindings(q: Queryable, p: Principal, limit = 50) {
  const { rows } = await q.query(
    `SELECT i.id, i.org_unit_id, i.inspected_at, it.item_code, it.finding, it.rectify_by::text AS rectify_by
       FROM scorecard_inspection_items it JOIN scorecard_inspections i ON i.id = it.inspection_id
      WHERE i.org_path LIKE $1 || '%' AND it.points < it.max_points AND it.rectify_by IS NOT NULL
      ORDER BY it.rectify_by, i.id LIMIT $2`,
    [p.orgPath, limit],
  );
  return rows;
}
