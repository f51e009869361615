import type { Logger } from 'typeorm';

/** `--verbose`: every statement a migration runs, as it runs, with its parameters. Quiet otherwise. */
export class StatementLogger implements Logger {
  constructor(
    private readonly print: (line: string) => void,
    private readonly verbose: boolean,
  ) {}

  logQuery(query: string, parameters?: unknown[]): void {
    if (!this.verbose) return;
    // SQLite binds integers as BigInt (src/database/bind-sqlite-numbers.ts), which JSON cannot print as is
    const shown = parameters?.length
      ? `  -- ${JSON.stringify(parameters, (_key, value) => (typeof value === 'bigint' ? Number(value) : value))}`
      : '';
    this.print(`    ${query}${shown}`);
  }

  logQueryError(): void {
    // the failure is reported once, with the migration's name, by the executor
  }

  logQuerySlow(): void {}

  logSchemaBuild(): void {}

  logMigration(): void {}

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.print(`  warning: ${String(message)}`);
  }
}
