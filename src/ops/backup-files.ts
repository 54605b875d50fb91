/**
 * Files kept outside the database (the content-addressed document store under
 * `<dataDir>/files/`, e.g. the connection applications' uploaded documents) travel in the backup
 * after the tables, before the end marker:
 *
 *   FILE files/ab/<sha-256> <bytes>
 *   <the content in base64, 76 characters a line>
 *   \.
 *
 * Taken after the database snapshot is fixed: a file is written before the row naming it commits
 * and is never changed or removed, so every file a backed-up row names is present. Restore writes
 * each file (temporary name, then rename) under the target data directory, checking its size and,
 * for a content-addressed name, its sha-256.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BackupFormatError, type LineReader } from './backup-format.js';

export const FILES_DIR = 'files';
const B64_LINE = 76;

/** Relative paths (with `/`) of every stored file under `<dataDir>/files`, sorted; temporary files left by a failed write are skipped. */
export function listStoredFiles(dataDir: string): string[] {
  const root = path.join(dataDir, FILES_DIR);
  if (!fs.existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && !e.name.endsWith('.tmp')) out.push(path.relative(dataDir, p).split(path.sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

/** One file's section. */
export function fileSection(dataDir: string, rel: string): Buffer {
  const bytes = fs.readFileSync(path.join(dataDir, ...rel.split('/')));
  const b64 = bytes.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += B64_LINE) lines.push(b64.slice(i, i + B64_LINE));
  return Buffer.from(`FILE ${rel} ${bytes.length}\n${lines.map((l) => l + '\n').join('')}\\.\n`);
}

const SAFE = /^files\/[0-9a-f]{2}\/[0-9a-f]{64}$/;

/** Reads one file section whose `FILE` line was just read, and writes it under `dataDir` (when given). Answers the bytes restored. */
export async function restoreFileSection(line: string, reader: LineReader, dataDir: string | undefined): Promise<number> {
  const m = /^FILE (\S+) (\d+)$/.exec(line);
  if (!m) throw new BackupFormatError(`damaged file section: ${JSON.stringify(line.slice(0, 80))}`);
  const [, rel, size] = m;
  if (!SAFE.test(rel)) throw new BackupFormatError(`unexpected file name in the backup: ${JSON.stringify(rel)}`);
  const parts: Buffer[] = [];
  for await (const chunk of reader.readSection()) parts.push(chunk);
  const bytes = Buffer.from(Buffer.concat(parts).toString('latin1').replace(/\s+/g, ''), 'base64');
  if (bytes.length !== Number(size)) throw new BackupFormatError(`file ${rel}: ${bytes.length} bytes in the backup, ${size} listed`);
  if (createHash('sha256').update(bytes).digest('hex') !== rel.slice(-64)) throw new BackupFormatError(`file ${rel}: content does not match its sha-256`);
  if (dataDir) {
    const target = path.join(dataDir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, target);
  }
  return bytes.length;
}
