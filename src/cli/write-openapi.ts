import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../app';
import { loadConfig } from '../config/load-config';
import { createDataSource } from '../database/data-source';

/**
 * `npm run openapi:write [file]`: the document the app serves at /openapi.json, written to a file (default
 * openapi.json) for linters and client generators. Built by the app itself on a throwaway, migrated SQLite
 * file, so it needs no database server and is exactly what a client downloads (same settings, same routes).
 */
async function main(file = 'openapi.json'): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
  const loaded = loadConfig();
  const config = {
    ...loaded,
    logLevel: 'silent' as const,
    database: { type: 'sqlite' as const, path: join(dir, 'docs.sqlite'), logQueries: false },
  };
  try {
    const dataSource = createDataSource(config.database);
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.destroy();
    const app = await buildApp({ ...config, api: { ...config.api, docsEnabled: true } });
    try {
      const response = await app.inject({ url: '/openapi.json' });
      writeFileSync(file, `${JSON.stringify(response.json(), null, 2)}\n`);
      console.log(`wrote ${file}`);
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
