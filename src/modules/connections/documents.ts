/**
 * Documents of an application: uploaded as base64 in JSON (no multipart package is installed),
 * checked by content (PDF/JPEG/PNG magic bytes) and size (policy), stored outside the database in
 * the house's content-addressed file store (local directory or S3 bucket, `src/platform/file-store`), recorded with their sha-256, kind,
 * validity date and who checked them.
 */
import { withTx, type Db } from '../../db/pool.js';
import { closedRefusal } from './refusals.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badFields, internal, notFound } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { sniffType, uploadProblems } from './document-rules.js';
import { storeBytes, StoredFileCorrupt, storeUnavailable as storeDown, type FileStore } from '../../platform/file-store/index.js';
import type { DocumentUpload } from './schemas.js';
import { currentPolicy, documentsOf, findVisible } from './store.js';

export async function uploadDocument(db: Db, store: FileStore, p: Principal, id: number, input: DocumentUpload) {
  const a = await findVisible(db, p, id);
  if (a.status !== 'open') throw closedRefusal(a.status);
  const policy = (await currentPolicy(db)).data;
  const b64 = input.contentBase64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64))
    throw badFields('VALIDATION_FAILED', '请求参数有误：文件内容不是 base64', 'Invalid request: the content is not base64', [
      { field: 'contentBase64', rule: 'base64', zh: '文件内容须为 base64 编码', en: 'the content must be base64' },
    ]);
  const bytes = Buffer.from(b64, 'base64');
  const problems = uploadProblems(bytes, policy.documents);
  if (problems.length)
    throw badFields(
      'VALIDATION_FAILED',
      `请求参数有误：${problems[0].zh}`,
      `Invalid request: ${problems[0].en}`,
      problems.map((x) => ({ ...x, field: 'contentBase64' })),
    );
  const sha = await storeBytes(store, bytes).catch(storeDown);
  return withTx(db, async (tx) => {
    const { rows } = await tx.query(
      `INSERT INTO connection_documents (application_id, kind, filename, mime, size_bytes, sha256, valid_until, uploaded_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`,
      [a.id, input.kind, input.filename, sniffType(bytes), bytes.length, sha, input.validUntil ?? null, p.id],
    );
    await recordAudit(tx, actorOf(p), {
      action: 'connection.document_upload',
      entity: 'connection_application',
      entityId: a.id,
      orgUnitId: a.orgUnitId,
      after: { documentId: rows[0].id, kind: input.kind, sha256: sha, size: bytes.length },
    });
    return (await documentsOf(tx, [a.id])).get(a.id)!.find((d) => d.id === rows[0].id)!;
  });
}

export async function listDocuments(db: Db, p: Principal, id: number) {
  const a = await findVisible(db, p, id);
  return (await documentsOf(db, [a.id])).get(a.id)!;
}

/** Staff check a document (and may correct its validity date); who and when is recorded. */
export async function checkDocument(db: Db, p: Principal, id: number, docId: number, input: { validUntil?: string }) {
  return withTx(db, async (tx) => {
    const a = await findVisible(tx, p, id, true);
    const { rowCount } = await tx.query(
      `UPDATE connection_documents SET checked_by = $3, checked_by_name = $4, checked_at = now(), valid_until = COALESCE($5::date, valid_until) WHERE id = $2 AND application_id = $1`,
      [a.id, docId, p.id, p.name, input.validUntil ?? null],
    );
    if (!rowCount) throw notFound('Document', '资料');
    await recordAudit(tx, actorOf(p), {
      action: 'connection.document_check',
      entity: 'connection_application',
      entityId: a.id,
      orgUnitId: a.orgUnitId,
      after: { documentId: docId, validUntil: input.validUntil ?? null },
    });
    return (await documentsOf(tx, [a.id])).get(a.id)!.find((d) => d.id === docId)!;
  });
}

/** A document's content for download (staff in scope, or the customer for their own application); 404 otherwise or when the stored file is gone. */
export async function documentContent(db: Db, store: FileStore, p: Principal, id: number, docId: number) {
  const a = await findVisible(db, p, id);
  const doc = (await documentsOf(db, [a.id])).get(a.id)!.find((d) => d.id === docId);
  if (!doc) throw notFound('Document', '资料');
  let bytes: Buffer | null;
  try {
    bytes = await store.get(doc.sha256);
  } catch (e) {
    if (e instanceof StoredFileCorrupt)
      throw internal(`资料文件已损坏（sha-256 不符）：${doc.sha256}`, `The stored file is corrupt (sha-256 mismatch): ${doc.sha256}`);
    return storeDown(e);
  }
  if (!bytes) throw notFound('Document file', '资料文件');
  return { bytes, mime: doc.mime, filename: doc.filename, disposition: contentDisposition(doc.filename) };
}

/** `attachment` with an ASCII fallback name and the real (UTF-8) one per RFC 6266 / 5987. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
