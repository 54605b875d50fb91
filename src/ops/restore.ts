/**
 * `griddesk restore FILE`: an exact restore into an empty database migrated to the backup's
 * migration set. One transaction: empty every table (migrations may have put reference rows
 * there; the backup holds the source's version of them), COPY each section back in
 * foreign-key order with user triggers off (they already ran when the rows were first written),
 * set every sequence, then check row counts and the sealed audit hash chain before COMMIT
 * (unsealed audit records are restored as they are; the target's sealer chains them).
 * Any failure rolls the whole restore back.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import zlib from 'node:zlib';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db, Queryable } from '../db/pool.js';
import { verifyAudit } from '../platform/audit/audit.js';
import { appliedMigrations, COPY_SESSION_SETTINGS, listTables, quoteIdent } from './catalog.js';
import { restoreFileSection } from './backup-files.js';
import { localStore, type FileStore } from '../platform/file-store/index.js';
import { BackupFormatError, END_OF_FILE, FORMAT_VERSION, LineReader, MAGIC, countLines, type BackupHeader } from './backup-format.js';

export class RestoreRefused extends Error {}

export interface RestoreOptions {
  onProgress?: (done: number, total: number, stage: string) => void;
  /** the file store the backup's files (documents, inspection photos) are put into (only the absent ones are written); without it they are read and checked only */
  store?: FileStore;
  /** shorthand for `store: localStore(dataDir)` */
  dataDir?: string;
}

export interface RestoreReport {
  header: BackupHeader;
  rows: number;
  auditRecords: number;
  files: number;
}

/** Opens a backup file and reads its header; the reader continues with the first table section. */
export async function openBackup(file: string): Promise<{ header: BackupHeader; reader: LineReader; close(): void }> {
  const input = fs.createReadStream(file);
  const gunzip = zlib.createGunzip();
  const stream = input.pipe(gunzip);
  input.on('error', (e) => gunzip.destroy(e));
  const reader = new LineReader(stream[Symbol.asyncIterator]());
  const close = () => {
    input.destroy();
    gunzip.destroy();
  };
  try {
    const magic = await reader.readLine();
    if (magic !== `${MAGIC} ${FORMAT_VERSION}`) {
      throw new BackupFormatError(`${file} is not a griddesk backup (format ${FORMAT_VERSION}): it starts with ${JSON.stringify(magic?.slice(0, 40))}`);
    }
    const header = JSON.parse((await reader.readLine()) ?? 'null') as BackupHeader;
    if (!header || header.format !== MAGIC || !Array.isArray(header.tables)) throw new BackupFormatError(`${file}: damaged header`);
    return { header, reader, close };
  } catch (e) {
    close();
    throw e;
  }
}

/** Why this database cannot take the backup, or null when it can. */
export async function refusalReason(q: Queryable, header: BackupHeader): Promise<string | null> {
  const have = await appliedMigrations(q);
  const want = header.migrations;
  if (have.join('\n') !== want.join('\n')) {
    const missing = want.filter((m) => !have.includes(m));
    const extra = have.filter((m) => !want.includes(m));
    return (
      `目标数据库的迁移与备份不一致 / the target's migrations differ from the backup's` +
      (missing.length ? `; missing here: ${missing.join(', ')}` : '') +
      (extra.length ? `; not in the backup: ${extra.join(', ')} (restore with the griddesk version that made the backup, then migrate)` : '')
    );
  }
  const { tables } = await listTables(q);
  const here = new Map(tables.map((t) => [t.name, t.columns.join(',')]));
  for (const t of header.tables) {
    if (!here.has(t.name)) return `table ${t.name} of the backup does not exist in the target`;
    if (here.get(t.name) !== t.columns.join(',')) return `table ${t.name} has other columns in the target than in the backup`;
  }
  for (const name of here.keys()) {
    if (!header.tables.some((t) => t.name === name)) return `table ${name} of the target is not in the backup`;
  }
  // Every change made through griddesk is audited and migrations never write the audit log,
  // so an empty audit log and no org units mean nothing but migrations has run here.
  const used = await q.query<{ audit: number; head: number; orgs: number }>(
    `SELECT (SELECT count(*) FROM audit_log)::int AS audit, (SELECT seq FROM audit_head WHERE id = 1)::int AS head,
            (SELECT count(*) FROM org_units)::int AS orgs`,
  );
  const u = used.rows[0];
  if (u.audit > 0 || (u.head ?? 0) > 0 || u.orgs > 0) {
    return `目标数据库不是空的 / the target database is not empty (audit records: ${u.audit}, org units: ${u.orgs}); restore into a freshly migrated database`;
  }
  return null;
}

async function isSuperuser(q: Queryable): Promise<boolean> {
  return (await q.query<{ s: boolean }>('SELECT rolsuper AS s FROM pg_roles WHERE rolname = current_user')).rows[0]?.s === true;
}

export async function restore(db: Db, file: string, opts: RestoreOptions = {}): Promise<RestoreReport> {
  const progress = opts.onProgress ?? (() => {});
  const { header, reader, close } = await openBackup(file);
  const client = await db.connect();
  let report: RestoreReport;
  try {
    const reason = await refusalReason(client, header);
    if (reason) throw new RestoreRefused(reason);
    const superuser = await isSuperuser(client);
    if (header.cyclicTables.length && !superuser) {
      throw new RestoreRefused(
        `tables ${header.cyclicTables.join(', ')} are in (or depend on) a foreign-key cycle; restoring them needs a superuser connection`,
      );
    }
    const total = header.tables.reduce((s, t) => s + t.rows, 0);
    const list = header.tables.map((t) => `public.${quoteIdent(t.name)}`);
    await client.query('BEGIN');
    for (const s of COPY_SESSION_SETTINGS) await client.query(s);
    if (superuser)
      await client.query("SET LOCAL session_replication_role = 'replica'"); // no user triggers, no FK checks: rows are as they were
    else for (const t of list) await client.query(`ALTER TABLE ${t} DISABLE TRIGGER USER`);
    if (list.length) await client.query(`TRUNCATE ${list.join(', ')}`);

    let done = 0;
    progress(0, total, 'restore');
    for (const t of header.tables) {
      const line = await reader.readLine();
      if (line !== `COPY ${t.name}`) throw new BackupFormatError(`expected the section of table ${t.name}, found ${JSON.stringify(line?.slice(0, 60))}`);
      const cols = t.columns.map(quoteIdent).join(', ');
      const copy = client.query(copyFrom(`COPY public.${quoteIdent(t.name)} (${cols}) FROM STDIN`));
      const copied = finished(copy);
      copied.catch(() => {}); // observed below
      for await (const chunk of reader.readSection()) {
        if (copy.destroyed) break; // the server refused a row: `copied` carries its error
        if (!copy.write(chunk)) await Promise.race([once(copy, 'drain'), copied]);
        done += countLines(chunk);
        progress(done, total, t.name);
      }
      copy.end();
      await copied;
      if (copy.rowCount !== t.rows) throw new Error(`table ${t.name}: the backup lists ${t.rows} rows but ${copy.rowCount} were restored`);
    }
    let line = await reader.readLine();
    let files = 0;
    const store = opts.store ?? (opts.dataDir ? localStore(opts.dataDir) : undefined);
    while (line !== null && line.startsWith('FILE ')) {
      await restoreFileSection(line, reader, store);
      progress(++files, header.files ?? files, 'files');
      line = await reader.readLine();
    }
    if (line !== END_OF_FILE) throw new BackupFormatError('the backup has no end marker (truncated?)');
    if (files !== (header.files ?? 0)) throw new BackupFormatError(`the backup lists ${header.files ?? 0} stored files but holds ${files}`);

    for (const s of header.sequences) {
      await client.query('SELECT setval($1::regclass, $2::bigint, $3)', [`public.${quoteIdent(s.name)}`, s.lastValue, s.isCalled]);
    }
    if (!superuser) for (const t of list) await client.query(`ALTER TABLE ${t} ENABLE TRIGGER USER`);
    for (const t of header.tables) {
      const n = Number((await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM public.${quoteIdent(t.name)}`)).rows[0].n);
      if (n !== t.rows) throw new Error(`table ${t.name}: ${n} rows after restore, the backup lists ${t.rows}`);
    }
    progress(0, 1, 'audit verify');
    // the sealed chain must verify; unsealed records (writes that were not yet chained when the
    // backup was taken) are restored as they are, however old, and the target's sealer chains them
    const audit = await verifyAudit(client, { onProgress: (checked, all) => progress(checked, all, 'audit verify'), staleAfterMs: Infinity });
    if (!audit.ok)
      throw new Error(
        `the restored audit chain is broken at seq ${audit.brokenAt}${audit.brokenSeq !== null ? ` (record seq ${audit.brokenSeq})` : ''}; nothing was restored`,
      );
    await client.query('COMMIT');
    await client.query('ANALYZE').catch(() => {}); // fresh planner statistics for the restored rows
    report = { header, rows: done, auditRecords: audit.checked, files };
  } catch (e) {
    // A COPY may still be in flight on this connection, so it is closed rather than rolled back:
    // the server aborts the open transaction and nothing of this restore is kept.
    client.release(true);
    close();
    throw e;
  }
  client.release();
  close();
  return report;
}
