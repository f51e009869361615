import type { DataSource } from 'typeorm';
import type { User } from '../entities/user.entity';

/** What the authentication hook needs of a token's user on every request. */
export type Caller = Pick<User, 'id' | 'role' | 'isActive'>;

/** Past this many users, the least recently read is dropped: memory stays bounded whatever the callers. */
const MAX_ENTRIES = 10_000;

/** The default of AUTH_ROLE_CACHE_SECONDS: how stale another instance's view of a role may be. */
export const DEFAULT_CALLER_CACHE_MS = 5_000;

/**
 * The callers this process read recently (their role and active flag, or that no such user exists), one cache
 * per database so that every UsersRepository on it shares it. A write through any of them drops the user's
 * entry at once, so in this process a demotion, deactivation or deletion counts from the next request. A change
 * this process does not make (another instance, `create-admin`, SQL by hand) is seen once the entry is older than
 * `ttlMs`: that is the bound on staleness across instances.
 */
export class CallerCache {
  private static readonly byDataSource = new WeakMap<DataSource, CallerCache>();
  private readonly entries = new Map<number, { caller: Caller | null; readAt: number }>();
  /** Counts forget() calls: a read that a write overtook must not put back what it read before the write. */
  private writes = 0;

  private constructor(private ttlMs: number) {}

  static of(dataSource: DataSource): CallerCache {
    let cache = CallerCache.byDataSource.get(dataSource);
    if (!cache) CallerCache.byDataSource.set(dataSource, (cache = new CallerCache(DEFAULT_CALLER_CACHE_MS)));
    return cache;
  }

  /** 0 turns the cache off: every request reads the user. */
  static configure(dataSource: DataSource, ttlMs: number): void {
    const cache = CallerCache.of(dataSource);
    cache.ttlMs = ttlMs;
    cache.entries.clear();
  }

  /** The cached caller (null: no such user), or undefined when there is none younger than the TTL. */
  get(id: number): Caller | null | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (performance.now() - entry.readAt < this.ttlMs) return entry.caller;
    this.entries.delete(id);
    return undefined;
  }

  /** Taken before reading a caller from the database, and given to set() with what was read. */
  readStarts(): number {
    return this.writes;
  }

  set(id: number, caller: Caller | null, readStarted: number): void {
    if (this.ttlMs <= 0 || readStarted !== this.writes) return;
    this.entries.delete(id);
    this.entries.set(id, { caller, readAt: performance.now() });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }

  forget(id: number): void {
    this.writes++;
    this.entries.delete(id);
  }
}
