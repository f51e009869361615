import type { DataSource, EntityManager } from 'typeorm';
import type { RetryConfig } from '../config/app-config';
import { databaseFault } from './database-faults';

export const DEFAULT_RETRY: RetryConfig = { attempts: 3, baseDelayMs: 50, maxDelayMs: 1_000 };

export interface RetryLogEntry {
  code: string;
  kind: string;
  what: 'read' | 'transaction';
  attempt: number;
  attempts: number;
  delayMs: number;
}

/**
 * "Full jitter" (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/): a random wait up to
 * base·2^(retry-1), capped, so clients that failed together do not come back together.
 */
export function backoffMs(policy: RetryConfig, retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(random() * ceiling);
}

/** A COMMIT that failed: whether it took effect is unknown, so the transaction is never run again. */
class CommitFailed extends Error {
  constructor(readonly original: unknown) {
    super('COMMIT failed');
  }
}

/**
 * Runs again, a bounded number of times with backoff, what a transient fault (database-faults.ts: a deadlock
 * victim, a serialization failure, a failover, a lost connection) interrupted, and only what is safe to run
 * again: a read, or a whole transaction from BEGIN (the server rolled it back). A write outside a transaction
 * is never retried here: its fault may have come after it took effect. When the budget is spent the last error
 * is thrown, which the error handler answers 503 with Retry-After. Each retried fault is logged once.
 */
export class TransientRetry {
  private static readonly byDataSource = new WeakMap<DataSource, TransientRetry>();
  /** Where retries are logged (the app's logger, set by the database plugin). */
  log: (entry: RetryLogEntry, message: string) => void = () => undefined;

  private constructor(
    private readonly dataSource: DataSource,
    private readonly policy: RetryConfig,
  ) {}

  static configure(dataSource: DataSource, policy: RetryConfig = DEFAULT_RETRY): TransientRetry {
    const retry = new TransientRetry(dataSource, policy);
    TransientRetry.byDataSource.set(dataSource, retry);
    return retry;
  }

  static of(dataSource: DataSource): TransientRetry {
    return TransientRetry.byDataSource.get(dataSource) ?? TransientRetry.configure(dataSource);
  }

  /** An idempotent read outside a transaction. No extra promise on the way when it succeeds. */
  read<T>(work: () => Promise<T>): Promise<T> {
    return work().catch((error: unknown) => this.again('read', work, error, 1));
  }

  /**
   * `work` in a transaction of its own, run again from BEGIN after a transient fault before COMMIT. `work` must
   * do nothing but database statements through `manager` (it may run more than once).
   */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const once = () => this.transactionOnce(work);
    return once().catch((error: unknown) => this.again('transaction', once, error, 1));
  }

  private async transactionOnce<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction();
      let result: T;
      try {
        result = await work(runner.manager);
      } catch (error) {
        // after a lost connection or a deadlock the server has already ended the transaction: the rollback may
        // fail too, and the error worth reporting (and retrying) is the first one
        await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
      try {
        await runner.commitTransaction();
      } catch (error) {
        // if the COMMIT never reached the server the transaction is still open on this connection: end it
        await runner.rollbackTransaction().catch(() => undefined);
        throw new CommitFailed(error);
      }
      return result;
    } finally {
      await runner.release();
    }
  }

  private async again<T>(what: RetryLogEntry['what'], work: () => Promise<T>, error: unknown, attempt: number): Promise<T> {
    if (error instanceof CommitFailed) throw error.original;
    const fault = databaseFault(this.dataSource.options.type, error);
    const { attempts } = this.policy;
    if (!fault || attempt >= attempts) throw error;
    const delayMs = backoffMs(this.policy, attempt);
    this.log(
      { code: fault.code, kind: fault.kind, what, attempt: attempt + 1, attempts, delayMs },
      `transient database fault (${fault.code}) on a ${what}: attempt ${attempt + 1} of ${attempts} in ${delayMs} ms`,
    );
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    return work().catch((next: unknown) => this.again(what, work, next, attempt + 1));
  }
}
