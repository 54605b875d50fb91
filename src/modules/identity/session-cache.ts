/**
 * Cached session principals, so a signed-in request needs no session query.
 *
 * Correctness: an entry is only served while this instance LISTENs on griddesk_auth_changed.
 * Migration 006 notifies that channel, at commit, from every statement that deletes or changes
 * sessions, or changes a user's role, org unit, activity, name, customer link or password, or an
 * org unit's path, whatever the path of the change (app, CLI, psql, another instance). A
 * notification clears the whole cache. A lookup that raced a notification (the generation moved
 * while it queried) is not stored. If the listening connection fails, the cache clears and is
 * bypassed until it listens again. Entries also end at the session's own expiry and after ttlMs.
 */
import type pg from 'pg';
import type { Db } from '../../db/pool.js';
import type { Principal } from './principal.js';

export const AUTH_CHANGED_CHANNEL = 'griddesk_auth_changed';

type Cached = Omit<Principal, 'ip' | 'userAgent'>;
interface Entry {
  principal: Cached;
  until: number;
}

const caches = new WeakMap<object, SessionCache>();

/** The cache serving a pool in this process, if any. */
export function sessionCacheOf(db: Db): SessionCache | undefined {
  return caches.get(db);
}

export function registerSessionCache(db: Db, cache: SessionCache): void {
  caches.set(db, cache);
}

/**
 * Called by this process right after it committed a change that the trigger also announces:
 * the notification arrives on another connection a moment later, and the next request of the
 * same caller must not be served from the old entry in between.
 */
export function authChanged(db: Db): void {
  caches.get(db)?.clear();
}

export class SessionCache {
  private entries = new Map<string, Entry>();
  private generation = 0;
  private client: pg.PoolClient | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  hits = 0;
  misses = 0;

  constructor(
    private readonly db: Db,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0 && this.client !== null;
  }

  /** Starts listening; until it does (or while it cannot) every lookup goes to the database. */
  async start(): Promise<void> {
    if (this.ttlMs <= 0 || this.closed) return;
    let client: pg.PoolClient | null = null;
    try {
      client = await this.db.connect();
      const c = client;
      c.on('notification', (n) => {
        if (n.channel === AUTH_CHANGED_CHANNEL) this.clear();
      });
      c.on('error', () => this.lost(c));
      c.on('end', () => this.lost(c));
      await c.query(`LISTEN ${AUTH_CHANGED_CHANNEL}`);
      if (this.closed) {
        c.release();
        return;
      }
      this.client = c;
      // A lookup that ran while nothing listened may have read a state whose change notification
      // was lost: it must not be stored.
      this.generation++;
    } catch {
      if (client && this.client !== client) client.release(true);
      this.scheduleRetry();
    }
  }

  private lost(client: pg.PoolClient) {
    if (this.client !== client) return;
    this.client = null;
    this.clear();
    client.release(true);
    this.scheduleRetry();
  }

  private scheduleRetry() {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.start();
    }, 1000);
    this.retry.unref();
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  /** The cached principal for a session hash, with this request's ip and user agent. */
  get(idHash: string, ip: string | null, ua: string | null, now = Date.now()): Principal | null {
    if (!this.enabled) return null;
    const e = this.entries.get(idHash);
    if (!e) {
      this.misses++;
      return null;
    }
    if (e.until <= now) {
      this.entries.delete(idHash);
      this.misses++;
      return null;
    }
    this.hits++;
    return { ...e.principal, ip, userAgent: ua };
  }

  /** The generation to pass back to put(): taken before the database lookup. */
  mark(): number {
    return this.generation;
  }

  put(idHash: string, p: Principal, sessionExpiresAt: Date, generation: number, now = Date.now()): void {
    if (!this.enabled || generation !== this.generation) return;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const { ip: _ip, userAgent: _ua, ...principal } = p;
    this.entries.set(idHash, { principal, until: Math.min(now + this.ttlMs, sessionExpiresAt.getTime()) });
  }

  async stop(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const c = this.client;
    this.client = null;
    this.clear();
    if (c) {
      await c.query(`UNLISTEN ${AUTH_CHANGED_CHANNEL}`).catch(() => {});
      c.release();
    }
  }
}
