import path from 'node:path';
import dotenv from 'dotenv';

export const ENVIRONMENTS = ['development', 'test', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/**
 * Loads `.env` then `.env.<NODE_ENV>` into process.env. Variables already set in the real environment always
 * win, and `.env` (the developer's own, never committed) wins over the committed per-environment defaults,
 * the way the original selected `alembic-dev.ini` / `alembic-prod.ini` with one switch.
 */
export function loadEnvFiles(cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): string[] {
  const environment = env.NODE_ENV || 'development';
  const files = [path.join(cwd, '.env'), path.join(cwd, `.env.${environment}`)];
  dotenv.config({ path: files, processEnv: env as Record<string, string>, quiet: true });
  return files;
}
