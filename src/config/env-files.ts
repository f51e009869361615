import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';

export const ENVIRONMENTS = ['development', 'test', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** `.env` then `.env.<NODE_ENV>`, in the order they are read. */
export function envFilePaths(cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): string[] {
  const environment = env.NODE_ENV || 'development';
  return [path.join(cwd, '.env'), path.join(cwd, `.env.${environment}`)];
}

/**
 * Loads `.env` then `.env.<NODE_ENV>` into process.env. Variables already set in the real environment always
 * win, and `.env` (the developer's own, never committed) wins over the committed per-environment defaults,
 * the way the original selected `alembic-dev.ini` / `alembic-prod.ini` with one switch.
 */
export function loadEnvFiles(cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): string[] {
  const files = envFilePaths(cwd, env);
  dotenv.config({ path: files, processEnv: env as Record<string, string>, quiet: true });
  return files;
}

/** Which file names each variable the .env files set (the first file wins, as when loading), to say where a typo is. */
export function envFileVariables(files: string[]): Map<string, string> {
  const where = new Map<string, string>();
  for (const file of files.filter((f) => existsSync(f))) {
    for (const name of Object.keys(dotenv.parse(readFileSync(file)))) if (!where.has(name)) where.set(name, file);
  }
  return where;
}
