import type { SchemaRepository } from '../repositories/schema.repository';

/** The shared store of several instances (Redis), as readiness sees it. */
export interface StoreProbe {
  ping(): Promise<unknown>;
  /** RATE_LIMIT_REDIS_FAILURE=open: the instance still serves while the store is down, so it stays ready. */
  failsOpen: boolean;
}

type StoreState = { redis?: 'ok' | 'unreachable' };

export type Readiness = StoreState &
  (
    | { status: 'ok'; database: 'ok'; pendingMigrations: string[] }
    | { status: 'unavailable'; database: 'ok'; pendingMigrations: string[] }
    | { status: 'unavailable'; database: 'unreachable'; reason: string }
  );

export class HealthService {
  constructor(
    private readonly schema: SchemaRepository,
    private readonly store?: StoreProbe,
  ) {}

  /**
   * Ready means: the database answers, no migration is pending (a half-migrated schema serves errors), and, with
   * REDIS_URL and RATE_LIMIT_REDIS_FAILURE=closed, Redis answers (every request would be a 503 without it).
   */
  async readiness(): Promise<Readiness> {
    const [database, redis] = await Promise.all([this.database(), this.storeState()]);
    if (redis === 'unreachable' && !this.store?.failsOpen) return { ...database, status: 'unavailable', redis };
    return redis ? { ...database, redis } : database;
  }

  private async database(): Promise<Readiness> {
    try {
      await this.schema.ping();
      const pendingMigrations = await this.schema.pendingMigrations();
      return { status: pendingMigrations.length ? 'unavailable' : 'ok', database: 'ok', pendingMigrations };
    } catch (error) {
      return { status: 'unavailable', database: 'unreachable', reason: error instanceof Error ? error.message : String(error) };
    }
  }

  private async storeState(): Promise<StoreState['redis']> {
    if (!this.store) return undefined;
    return this.store.ping().then(
      () => 'ok' as const,
      () => 'unreachable' as const,
    );
  }
}
