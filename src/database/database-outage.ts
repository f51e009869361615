import type { FastifyBaseLogger } from 'fastify';
import type { DataSource } from 'typeorm';
import type { DatabaseFault } from './database-faults';

/** How often a known outage is probed when no request asks. */
const PROBE_INTERVAL_MS = 250;
/** How long a request during an outage waits for a probe before it is answered 503. */
const ADMIT_WAIT_MS = 50;

/**
 * One outage, logged twice: when it starts (with the driver's code and message) and when it ends (how long, and
 * how many requests were answered 503 meanwhile), instead of a stack per request. While it lasts, a request does
 * not wait on a dead pool or a locked file: it waits at most 50 ms for a probe (`SELECT 1`, or on SQLite taking
 * and releasing the write lock), goes on if the database is back, and is answered 503 if not. A probe every
 * 250 ms also notices the return when no request comes.
 */
export class DatabaseOutage {
  private static readonly byDataSource = new WeakMap<DataSource, DatabaseOutage>();
  private current?: { since: number; code: string; refused: number };
  private probing?: Promise<boolean>;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  private constructor(
    private readonly log: FastifyBaseLogger,
    private readonly probe: () => Promise<void>,
  ) {}

  static watch(dataSource: DataSource, log: FastifyBaseLogger, probe: () => Promise<void>): DatabaseOutage {
    const outage = new DatabaseOutage(log, probe);
    DatabaseOutage.byDataSource.set(dataSource, outage);
    return outage;
  }

  static of(dataSource: DataSource): DatabaseOutage | undefined {
    return DatabaseOutage.byDataSource.get(dataSource);
  }

  get isDown(): boolean {
    return this.current !== undefined;
  }

  /** Whether a request may go to the database: always outside an outage; during one, if a probe says it is back. */
  async admit(): Promise<boolean> {
    if (!this.current) return true;
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ADMIT_WAIT_MS)));
    const admitted = await Promise.race([this.check(), gaveUp]);
    clearTimeout(timer);
    return admitted;
  }

  /** A request answered 503 because of `fault` (none: refused during the outage). The first one starts the outage. */
  refused(fault: DatabaseFault | undefined): void {
    if (!this.current) {
      // a deadlock that outlived its retries is a busy database, not a missing one
      if (!fault || fault.kind !== 'unavailable') return;
      this.current = { since: Date.now(), code: fault.code, refused: 0 };
      this.log.error({ code: fault.code, reason: fault.message }, `database unavailable (${fault.code}): answering 503 until it is back`);
      this.schedule();
    }
    this.current.refused++;
  }

  /** Stops probing (the app is closing). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.check().then((back) => back || this.schedule()), PROBE_INTERVAL_MS);
    this.timer.unref();
  }

  /** One probe at a time, shared by the requests that wait for it; ends the outage when it succeeds. */
  private check(): Promise<boolean> {
    this.probing ??= this.probe()
      .then(() => {
        this.end();
        return true;
      })
      .catch(() => false)
      .finally(() => (this.probing = undefined));
    return this.probing;
  }

  private end(): void {
    if (!this.current) return;
    const { since, code, refused } = this.current;
    this.current = undefined;
    clearTimeout(this.timer);
    const downMs = Date.now() - since;
    this.log.warn(
      { code, downMs, refused },
      `database available again after ${(downMs / 1000).toFixed(1)} s (${code}); ${refused} request(s) were answered 503`,
    );
  }
}
