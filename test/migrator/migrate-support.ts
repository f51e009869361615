import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseConfig } from '../../src/config/app-config';
import { migrateCli } from '../../src/cli/migrate';
import { createDataSource } from '../../src/database/data-source';
import { testConfig } from '../support/test-app';
import { tsqlChecked } from '../support/tsql-checked';

export const SAMPLE_DIR = path.join(__dirname, 'sample-migrations');
export const FAILING_DIR = path.join(__dirname, 'failing-migrations');

export interface CliResult {
  code: number;
  output: string;
  error?: Error;
}

/** Runs `npm run migration:<verb> -- ...args` in-process against `database`; errors become exit code 1. */
export async function cli(database: DatabaseConfig, ...argv: string[]): Promise<CliResult> {
  const lines: string[] = [];
  try {
    const code = await migrateCli(argv, (line) => lines.push(line), testConfig(database));
    return { code, output: lines.join('\n') };
  } catch (error) {
    lines.push((error as Error).message);
    return { code: 1, output: lines.join('\n'), error: error as Error };
  }
}

/** A copy of a fixture folder inside test/migrator (so `typeorm` still resolves), for tests that edit files. */
export function copyOf(dir: string): { dir: string; remove(): void } {
  const copy = mkdtempSync(path.join(__dirname, 'tmp-'));
  cpSync(dir, copy, { recursive: true });
  return { dir: copy, remove: () => rmSync(copy, { recursive: true, force: true }) };
}

/** Runs one query on the test database with a short-lived DataSource. */
export async function query<T = Record<string, unknown>>(database: DatabaseConfig, sql: string): Promise<T[]> {
  const dataSource = createDataSource(database, { migrations: [], entities: [] });
  await dataSource.initialize();
  try {
    return await tsqlChecked(dataSource).query(sql);
  } finally {
    await dataSource.destroy();
  }
}

export async function tableNames(database: DatabaseConfig, names: string[]): Promise<string[]> {
  const dataSource = createDataSource(database, { migrations: [], entities: [] });
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    return (await runner.getTables(names)).map((table) => table.name).sort();
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
}

export async function appliedNames(database: DatabaseConfig): Promise<string[]> {
  return (await query<{ name: string }>(database, 'SELECT name FROM migrations ORDER BY id')).map((row) => row.name);
}
