import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { MigrationInterface } from 'typeorm';

export interface MigrationFile {
  /** The class name, e.g. AddCategory1764100000000: what the migrations table records. */
  name: string;
  timestamp: number;
  file: string;
  /** sha256 of the TypeScript source (null when it cannot be found, e.g. an image without sources). */
  checksum: string | null;
  instance: MigrationInterface;
}

// This file runs from src/migrator (ts-node, jest) or from dist/src/migrator (built): two or three levels down.
const TWO_UP = path.resolve(__dirname, '..', '..');
const PROJECT_ROOT = path.basename(TWO_UP) === 'dist' ? path.dirname(TWO_UP) : TWO_UP;
const COMPILED_ROOT = path.join(PROJECT_ROOT, 'dist');

/** Where the migrations live: next to this file's own layer (src/ under ts-node and jest, dist/src/ when built). */
export const DEFAULT_MIGRATIONS_DIR = path.join(__dirname, '..', 'migrations');

/**
 * Line endings and trailing blanks do not count, so a checkout on Windows or an editor's whitespace clean-up is
 * not an "edited migration"; anything else in the file does.
 */
export function checksumOf(source: string): string {
  const normalized = source
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .trimEnd();
  return createHash('sha256').update(normalized).digest('hex');
}

/**
 * The same checksum whether the migration runs from src/*.ts or from the compiled dist/**.js, so a migration
 * applied in development verifies in production: the compiled file is mapped back to its TypeScript source.
 */
function sourceOf(file: string): string | null {
  if (file.endsWith('.ts')) return file;
  const relative = path.relative(COMPILED_ROOT, file);
  if (relative.startsWith('..')) return null;
  const candidate = path.join(PROJECT_ROOT, relative).replace(/\.js$/, '.ts');
  return existsSync(candidate) ? candidate : null;
}

/** TypeORM's rule: a migration class name ends with its 13-digit timestamp. */
export function timestampOf(name: string): number | null {
  const match = /(\d{13})$/.exec(name);
  return match ? Number(match[1]) : null;
}

function isMigrationClass(value: unknown): value is new () => MigrationInterface {
  return typeof value === 'function' && typeof value.prototype?.up === 'function' && typeof value.prototype?.down === 'function';
}

/** Every migration class in `dir`, ordered by timestamp. Throws on a class without a timestamp or a duplicate. */
export function loadMigrationFiles(folder = DEFAULT_MIGRATIONS_DIR): MigrationFile[] {
  const dir = path.resolve(folder);
  if (!existsSync(dir)) throw new Error(`migrations folder ${dir} does not exist`);
  const files = readdirSync(dir)
    .filter((entry) => /\.(ts|js)$/.test(entry) && !entry.endsWith('.d.ts'))
    .map((entry) => path.join(dir, entry));
  const migrations: MigrationFile[] = [];
  for (const file of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file found at run time, loaded synchronously
    const exports = require(file) as Record<string, unknown>;
    for (const exported of Object.values(exports).filter(isMigrationClass)) {
      const name = exported.name;
      const timestamp = timestampOf(name);
      if (timestamp === null) throw new Error(`${file}: migration class ${name} must end with a 13-digit timestamp`);
      const source = sourceOf(file);
      migrations.push({
        name,
        timestamp,
        file,
        checksum: source ? checksumOf(readFileSync(source, 'utf8')) : null,
        instance: new exported(),
      });
    }
  }
  const seen = new Map<number, string>();
  for (const migration of migrations) {
    const other = seen.get(migration.timestamp);
    if (other) throw new Error(`migrations ${other} and ${migration.name} share the timestamp ${migration.timestamp}`);
    seen.set(migration.timestamp, migration.name);
  }
  return migrations.sort((a, b) => a.timestamp - b.timestamp);
}
