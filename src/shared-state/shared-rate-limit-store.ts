import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type Redis from 'ioredis';
import type { StoreFailureMode } from '../config/environment-variables';
import { AppError } from '../errors/app-error';

type Store = FastifyRateLimitStore;
type Callback = Parameters<Store['incr']>[1];
type RouteOptions = Parameters<Store['child']>[0];

// The plugin's own Redis store (an atomic INCR + PEXPIRE script per request), which it ships without types.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a file of the plugin, not a package entry point
const RedisStore = require('@fastify/rate-limit/store/RedisStore') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  redis: Redis,
  key: string,
) => Store;

/** The limiter's answer while Redis is unreachable and RATE_LIMIT_REDIS_FAILURE=closed: a 503, never a 500. */
export const STORE_UNREACHABLE = 'The rate limiter cannot reach its store; try again shortly';

/**
 * The plugin's Redis store, with Redis errors turned into the configured policy. Open: the error goes back as it
 * is and the plugin, registered with `skipOnError`, lets the request through uncounted. Closed: an AppError the
 * error handler answers 503. Route limits (login) are children with their own key, as in the plugin's store.
 */
class PolicyStore implements Store {
  constructor(
    private readonly inner: Store,
    private readonly onFailure: StoreFailureMode,
  ) {}

  incr(key: string, callback: Callback, timeWindow: number, max: number): void {
    this.inner.incr(key, (error, result) => (error ? callback(this.failure(error)) : callback(null, result)), timeWindow, max);
  }

  child(routeOptions: RouteOptions): Store {
    return new PolicyStore(this.inner.child(routeOptions), this.onFailure);
  }

  private failure(error: Error): Error {
    return this.onFailure === 'open' ? error : new AppError('SERVICE_UNAVAILABLE', STORE_UNREACHABLE);
  }
}

/** @fastify/rate-limit options that keep every instance's counters in one Redis under `keyPrefix`. */
export function sharedRateLimitOptions(
  redis: Redis,
  keyPrefix: string,
  onFailure: StoreFailureMode,
): { store: FastifyRateLimitStoreCtor; skipOnError: boolean } {
  const root = new PolicyStore(new RedisStore(false, false, redis, `${keyPrefix}rate-limit:`), onFailure);
  // The plugin constructs `store` itself (new Store(options)); a constructor that returns an object yields that object.
  const store = function SharedStore() {
    return root;
  } as unknown as FastifyRateLimitStoreCtor;
  return { store, skipOnError: onFailure === 'open' };
}
