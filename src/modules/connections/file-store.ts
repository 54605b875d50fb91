/**
 * Content-addressed file store for uploaded documents, outside the database: <dataDir>/files/ab/abcdef…
 * (sha-256 of the content). Writing the same content twice stores it once; a write goes to a
 * temporary name first and is renamed into place, so a reader never sees half a file.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function filePath(dataDir: string, sha: string): string {
  return path.join(dataDir, 'files', sha.slice(0, 2), sha);
}

export async function storeFile(dataDir: string, bytes: Uint8Array): Promise<string> {
  const sha = sha256Hex(bytes);
  const target = filePath(dataDir, sha);
  try {
    await fs.access(target);
    return sha;
  } catch {
    /* not stored yet */
  }
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  await fs.writeFile(tmp, bytes);
  await fs.rename(tmp, target);
  return sha;
}

export async function readFile(dataDir: string, sha: string): Promise<Buffer> {
  return fs.readFile(filePath(dataDir, sha));
}
