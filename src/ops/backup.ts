/**
 * `griddesk backup FILE`: a consistent snapshot of every table without pg_dump (the embedded
 * package ships none). One REPEATABLE READ READ ONLY transaction sees one snapshot; inside it
 * each table goes out with COPY ... TO STDOUT, in foreign-key order, into a gzip file written
 * beside the target and renamed into place only when complete.
 */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import zlib from 'node:zlib';
import { to as copyTo } from 'pg-copy-streams';
import type { Db } from '../db/pool.js';
import { appliedMigrations, COPY_SESSION_SETTINGS, listTables, quoteIdent, readSequences } from './catalog.js';
import { fileSections, listStore } from './backup-files.js';
import { localStore, type FileStore } from '../platform/file-store/index.js';
import { END_OF_DATA, END_OF_FILE, FORMAT_VERSION, MAGIC, countLines, type BackupHeader } from './backup-format.js';

export interface BackupOptions {
  onProgress?: (done: number, total: number, stage: string) => void;
  /** the file store (documents, inspection photos; local or S3) whose files go into the backup after the tables */
  store?: FileStore;
  /** shorthand for `store: localStore(dataDir)` */
  dataDir?: string;
}

async function write(out: NodeJS.WritableStream, data: string | Buffer) {
  if (!out.write(data)) await once(out as NodeJS.EventEmitter, 'drain');
}

export async function backup(db: Db, file: string, opts: BackupOptions = {}): Promise<BackupHeader> {
  const progress = opts.onProgress ?? (() => {});
  const target = path.resolve(file);
  const tmp = `${target}.partial-${process.pid}`;
  const client = await db.connect();
  let failed = false;
  let gzip: zlib.Gzip | null = null;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    for (const s of COPY_SESSION_SETTINGS) await client.query(s);
    // The first statement fixes the snapshot; everything below reads that one snapshot.
    const migrations = await appliedMigrations(client);
    const { tables, cyclic } = await listTables(client);
    const sequences = await readSequences(client);
    const counted: BackupHeader['tables'] = [];
    for (const t of tables) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM public.${quoteIdent(t.name)}`);
      counted.push({ ...t, rows: Number(rows[0].n) });
    }
    const version = (await client.query<{ v: string }>('SELECT version() AS v')).rows[0].v;
    // the file store, listed once the snapshot is fixed: every file a backed-up row names exists by now
    const store = opts.store ?? (opts.dataDir ? localStore(opts.dataDir) : undefined);
    const files = store ? await listStore(store, (n) => progress(n, n, `listing the ${store.kind} file store`)) : [];
    const header: BackupHeader = {
      format: MAGIC,
      version: FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      server: version,
      migrations,
      tables: counted,
      sequences,
      cyclicTables: cyclic,
      files: files.length,
      ...(store ? { fileStore: store.kind } : {}),
    };
    const total = counted.reduce((s, t) => s + t.rows, 0);

    gzip = zlib.createGzip({ level: 6 });
    const fileOut = fs.createWriteStream(tmp, { flags: 'wx', mode: 0o600 });
    const piped = gzip.pipe(fileOut);
    const written = finished(piped);
    written.catch(() => {}); // observed below; avoid an unhandled rejection while COPY runs
    await write(gzip, `${MAGIC} ${FORMAT_VERSION}\n${JSON.stringify(header)}\n`);
    let done = 0;
    progress(0, total, 'backup');
    for (const t of counted) {
      await write(gzip, `COPY ${t.name}\n`);
      const cols = t.columns.map(quoteIdent).join(', ');
      const copy = client.query(copyTo(`COPY public.${quoteIdent(t.name)} (${cols}) TO STDOUT`));
      let rows = 0;
      for await (const chunk of copy as AsyncIterable<Buffer>) {
        await write(gzip, chunk);
        const n = countLines(chunk);
        rows += n;
        done += n;
        progress(done, total, t.name);
      }
      if (rows !== t.rows) throw new Error(`table ${t.name}: counted ${t.rows} rows but COPY gave ${rows}`);
      await write(gzip, `${END_OF_DATA}\n`);
    }
    if (store) {
      let i = 0;
      for await (const section of fileSections(store, files)) {
        await write(gzip, section);
        progress(++i, files.length, 'files');
      }
    }
    await write(gzip, `${END_OF_FILE}\n`);
    gzip.end();
    await written;
    await client.query('COMMIT');
    const fd = fs.openSync(tmp, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, target);
    progress(total, total, 'backup');
    return header;
  } catch (e) {
    // A COPY may still be streaming on this connection: close it instead of rolling back.
    failed = true;
    gzip?.destroy();
    fs.rmSync(tmp, { force: true });
    throw e;
  } finally {
    client.release(failed);
  }
}
