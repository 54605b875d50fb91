/**
 * The house's file store (src/platform/file-store: the connection applications' uploaded
 * documents, the scorecards' inspection photos), local under `<dataDir>/files/` or an S3-compatible
 * bucket, travels in the backup after the tables, before the end marker:
 *
 *   FILE files/ab/<sha-256> <bytes>
 *   <the content in base64, 76 characters a line>
 *   \.
 *
 * Taken after the database snapshot is fixed: a file is written before the row naming it commits
 * and is never changed or removed, so every file a backed-up row names is listed. The store is
 * listed through its own interface (a directory walk, or ListObjectsV2 for S3) and each file read
 * back through `get`, which checks its sha-256. Restore checks each section's size and sha-256 and
 * `put`s it into the target store, which writes only what is absent (content-addressed, so a
 * restore run twice, or into a bucket that already holds some of the files, writes each file once).
 */
import { createHash } from 'node:crypto';
import type { FileStore } from '../platform/file-store/index.js';
import { fileKey } from '../platform/file-store/index.js';
import { BackupFormatError, type LineReader } from './backup-format.js';

const B64_LINE = 76;
/** files fetched ahead while earlier ones are written (S3 round trips overlap; memory stays bounded) */
export const FILE_READ_AHEAD = 4;

/** Every stored file's sha-256, sorted; `onProgress` after each page of the listing. */
export async function listStore(store: FileStore, onProgress?: (listed: number) => void): Promise<string[]> {
  const out: string[] = [];
  for await (const sha of store.list()) {
    out.push(sha);
    if (out.length % 1000 === 0) onProgress?.(out.length);
  }
  onProgress?.(out.length);
  return out.sort();
}

/** One file's section. */
export function fileSection(sha: string, bytes: Buffer): Buffer {
  const b64 = bytes.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += B64_LINE) lines.push(b64.slice(i, i + B64_LINE));
  return Buffer.from(`FILE ${fileKey(sha)} ${bytes.length}\n${lines.map((l) => l + '\n').join('')}\\.\n`);
}

/** The sections of the listed files in order, each read back from the store (sha-256 checked there), a few fetched ahead. */
export async function* fileSections(store: FileStore, shas: string[]): AsyncGenerator<Buffer> {
  const fetch = (sha: string) =>
    store.get(sha).then((b) => {
      if (!b) throw new Error(`stored file ${sha} was listed but is gone`);
      return fileSection(sha, b);
    });
  const ahead: Promise<Buffer>[] = [];
  for (let i = 0; i < shas.length; i++) {
    while (ahead.length < FILE_READ_AHEAD && i + ahead.length < shas.length) {
      const p = fetch(shas[i + ahead.length]);
      p.catch(() => {}); // observed when its turn comes
      ahead.push(p);
    }
    yield await ahead.shift()!;
  }
}

const SAFE = /^files\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

/** Reads one file section whose `FILE` line was just read, checks it, and puts it into `store` (when given). Answers the bytes restored. */
export async function restoreFileSection(line: string, reader: LineReader, store: FileStore | undefined): Promise<number> {
  const m = /^FILE (\S+) (\d+)$/.exec(line);
  if (!m) throw new BackupFormatError(`damaged file section: ${JSON.stringify(line.slice(0, 80))}`);
  const [, rel, size] = m;
  const k = SAFE.exec(rel);
  if (!k || !k[2].startsWith(k[1])) throw new BackupFormatError(`unexpected file name in the backup: ${JSON.stringify(rel)}`);
  const parts: Buffer[] = [];
  for await (const chunk of reader.readSection()) parts.push(chunk);
  const bytes = Buffer.from(Buffer.concat(parts).toString('latin1').replace(/\s+/g, ''), 'base64');
  if (bytes.length !== Number(size)) throw new BackupFormatError(`file ${rel}: ${bytes.length} bytes in the backup, ${size} listed`);
  if (createHash('sha256').update(bytes).digest('hex') !== k[2]) throw new BackupFormatError(`file ${rel}: content does not match its sha-256`);
  if (store) await store.put(k[2], bytes);
  return bytes.length;
}
