/**
 * The content-addressed file store of the whole house (uploaded connection documents, inspection
 * photos of the scorecards), outside the database. Two implementations of one contract
 * (`FileStore`): the local one under the data directory, <dataDir>/files/ab/abcdef… (sha-256 of
 * the content), and an S3-compatible bucket (`s3.ts`) for several instances sharing files;
 * `fileStoreOf` (index.ts) picks one from the configuration. The contract: `put(sha, bytes)` is
 * idempotent (the same content is stored once; bytes whose sha-256 is not `sha` are refused),
 * `get(sha)` answers the bytes or null when absent and refuses content whose sha-256 no longer
 * matches (`StoredFileCorrupt`), `has(sha)`, and `list()` yields the address of every stored file
 * (for backup). The local store writes to a temporary name first and renames into place, so a
 * reader never sees half a file; temporary leftovers of a failed write are not listed.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface FileStore {
  readonly kind: 'local' | 's3';
  put(sha: string, bytes: Uint8Array): Promise<void>;
  get(sha: string): Promise<Buffer | null>;
  has(sha: string): Promise<boolean>;
  /** every stored file's sha-256, in ascending order */
  list(): AsyncIterable<string>;
}

/** The stored content no longer has the sha-256 it is addressed by. */
export class StoredFileCorrupt extends Error {
  constructor(
    public sha: string,
    public actual: string,
  ) {
    super(`stored file ${sha} is corrupt: its content hashes to ${actual}`);
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const SHA = /^[0-9a-f]{64}$/;
export function checkAddress(sha: string, bytes?: Uint8Array): void {
  if (!SHA.test(sha)) throw new Error(`not a sha-256 address: ${sha}`);
  if (bytes && sha256Hex(bytes) !== sha) throw new Error(`content does not hash to its address ${sha}`);
}

/** The bytes read back, refused when they do not hash to their address. */
export function verified(sha: string, bytes: Buffer): Buffer {
  const actual = sha256Hex(bytes);
  if (actual !== sha) throw new StoredFileCorrupt(sha, actual);
  return bytes;
}

/** The relative key of a file in either store: `files/ab/<sha-256>`. */
export function fileKey(sha: string): string {
  return `files/${sha.slice(0, 2)}/${sha}`;
}

/** The folder under the data directory that holds the local store. */
export const FILES_DIR = 'files';

export function filePath(dataDir: string, sha: string): string {
  return path.join(dataDir, FILES_DIR, sha.slice(0, 2), sha);
}

export function localStore(dataDir: string): FileStore {
  const has = async (sha: string) => {
    checkAddress(sha);
    try {
      await fs.access(filePath(dataDir, sha));
      return true;
    } catch {
      return false;
    }
  };
  return {
    kind: 'local',
    has,
    async *list() {
      const root = path.join(dataDir, FILES_DIR);
      const dirs = (await fs.readdir(root, { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory() && /^[0-9a-f]{2}$/.test(e.name));
      for (const d of dirs.map((e) => e.name).sort()) {
        const names = await fs.readdir(path.join(root, d));
        for (const n of names.filter((x) => SHA.test(x) && x.startsWith(d)).sort()) yield n;
      }
    },
    async put(sha, bytes) {
      checkAddress(sha, bytes);
      if (await has(sha)) return;
      const target = filePath(dataDir, sha);
      await fs.mkdir(path.dirname(target), { recursive: true });
      const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      await fs.writeFile(tmp, bytes);
      await fs.rename(tmp, target);
    },
    async get(sha) {
      checkAddress(sha);
      try {
        return verified(sha, await fs.readFile(filePath(dataDir, sha)));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
  };
}

/** Stores the bytes under their sha-256 and answers it. */
export async function storeBytes(store: FileStore, bytes: Uint8Array): Promise<string> {
  const sha = sha256Hex(bytes);
  await store.put(sha, bytes);
  return sha;
}
